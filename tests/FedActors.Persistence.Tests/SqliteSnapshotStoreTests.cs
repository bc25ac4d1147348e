using FedActors.Actors;

namespace FedActors.Persistence.Tests;

/// <summary>The semantics of <see cref="InMemorySnapshotStore"/>, kept on disk.</summary>
public sealed class SqliteSnapshotStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();

    private string StorePath => _directory.File("journal.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Load_NothingSaved_ReturnsNull()
    {
        // Arrange
        using var store = new SqliteSnapshotStore(StorePath);

        // Act
        var loaded = await store.LoadAsync("p");

        // Assert
        Assert.Null(loaded);
    }

    [Fact]
    public async Task Load_SeveralSnapshots_ReturnsTheLatestAtOrBelowTheMax()
    {
        // Arrange
        using var store = new SqliteSnapshotStore(StorePath);
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
        using var store = new SqliteSnapshotStore(StorePath);
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
        using var store = new SqliteSnapshotStore(StorePath);
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

    [Fact]
    public async Task Load_AfterReopeningAFileSharedWithTheJournal_ReturnsTheSnapshot()
    {
        // Arrange
        using (var journal = new SqliteJournal(StorePath))
        using (var store = new SqliteSnapshotStore(StorePath))
        {
            await journal.WriteMessagesAsync(new[] { new PersistentRepresentation("p", 1, "a") });
            await store.SaveAsync(new SnapshotMetadata("p", 1, Noon), new CounterState(1));
        }

        // Act
        using var reopened = new SqliteSnapshotStore(StorePath);
        var loaded = await reopened.LoadAsync("p");

        // Assert
        Assert.Equal(new CounterState(1), loaded!.Snapshot);
    }

    [Fact]
    public async Task Load_PayloadEditedOnDisk_ThrowsNamingTheSnapshot()
    {
        // Arrange
        using var store = new SqliteSnapshotStore(StorePath);
        await store.SaveAsync(new SnapshotMetadata("p", 3, Noon), new CounterState(3));
        RawSql.Execute(StorePath, "UPDATE snapshots SET payload_json = '{\"Count\":4}';");

        // Act
        var error = await Assert.ThrowsAsync<PersistenceException>(() => store.LoadAsync("p"));

        // Assert
        Assert.Contains("p/3", error.Message);
        Assert.Contains("corrupted", error.Message);
    }
}
