using FedActors.Actors;

namespace FedActors.Persistence.Tests;

/// <summary>The semantics of <see cref="InMemorySnapshotStore"/>, run against each durable store by one sealed subclass each.</summary>
public abstract class SnapshotStoreSpec
{
    protected static readonly DateTimeOffset Noon = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);

    private ISnapshotStore? _store;

    protected ISnapshotStore Store => _store ??= CreateStore();

    protected abstract ISnapshotStore CreateStore();

    [Fact]
    public async Task Load_NothingSaved_ReturnsNull()
    {
        // Arrange
        var store = Store;

        // Act
        var loaded = await store.LoadAsync("p");

        // Assert
        Assert.Null(loaded);
    }

    [Fact]
    public async Task Load_SeveralSnapshots_ReturnsTheLatestAtOrBelowTheMax()
    {
        // Arrange
        var store = Store;
        foreach (var nr in new long[] { 10, 20, 30 })
        {
            await store.SaveAsync(new SnapshotMetadata("p", nr, Noon.AddMinutes(nr)), new CounterState((int)nr));
        }

        await store.SaveAsync(new SnapshotMetadata("q", 25, Noon), new CounterState(-1));

        // Act
        var latest = await store.LoadAsync("p");
        var atMost25 = await store.LoadAsync("p", 25);
        var exactly20 = await store.LoadAsync("p", 20);
        var below = await store.LoadAsync("p", 9);

        // Assert
        Assert.Equal(new SelectedSnapshot(new SnapshotMetadata("p", 30, Noon.AddMinutes(30)), new CounterState(30)), latest);
        Assert.Equal(20, atMost25!.Metadata.SequenceNr);
        Assert.Equal(new CounterState(20), exactly20!.Snapshot);
        Assert.Null(below);
    }

    [Fact]
    public async Task Save_SameSequenceNrTwice_KeepsTheLast()
    {
        // Arrange
        var store = Store;
        await store.SaveAsync(new SnapshotMetadata("p", 5, Noon), new CounterState(1));

        // Act
        await store.SaveAsync(new SnapshotMetadata("p", 5, Noon.AddHours(1)), new CounterState(2));

        // Assert
        var loaded = await store.LoadAsync("p");
        Assert.Equal(new CounterState(2), loaded!.Snapshot);
        Assert.Equal(Noon.AddHours(1), loaded.Metadata.Timestamp);
    }

    [Fact]
    public async Task Delete_UpToASequenceNr_RemovesThoseOfThatIdOnly()
    {
        // Arrange
        var store = Store;
        await store.SaveAsync(new SnapshotMetadata("p", 10, Noon), new CounterState(10));
        await store.SaveAsync(new SnapshotMetadata("p", 20, Noon), new CounterState(20));
        await store.SaveAsync(new SnapshotMetadata("q", 10, Noon), new CounterState(99));

        // Act
        await store.DeleteAsync("p", 10);
        await store.DeleteAsync("p", 20);

        // Assert
        Assert.Null(await store.LoadAsync("p"));
        Assert.Equal(new CounterState(99), (await store.LoadAsync("q"))!.Snapshot);
    }
}
