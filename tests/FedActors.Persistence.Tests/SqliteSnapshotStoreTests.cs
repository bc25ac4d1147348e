using FedActors.Actors;

namespace FedActors.Persistence.Tests;

/// <summary>The semantics of <see cref="InMemorySnapshotStore"/> (<see cref="SnapshotStoreSpec"/>), kept on disk.</summary>
public sealed class SqliteSnapshotStoreTests : SnapshotStoreSpec, IDisposable
{
    private readonly TempDirectory _directory = new();
    private SqliteSnapshotStore? _store;

    private string StorePath => _directory.File("journal.db");

    protected override ISnapshotStore CreateStore() => _store = new SqliteSnapshotStore(StorePath);

    public void Dispose()
    {
        _store?.Dispose();
        _directory.Dispose();
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
