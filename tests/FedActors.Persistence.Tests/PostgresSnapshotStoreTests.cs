using FedActors.Actors;

namespace FedActors.Persistence.Tests;

/// <summary><see cref="SnapshotStoreSpec"/> on <see cref="PostgresSnapshotStore"/>, in a schema of its own on the test server.</summary>
public sealed class PostgresSnapshotStoreTests : SnapshotStoreSpec, IDisposable
{
    private readonly PostgresSchema _schema = new();
    private PostgresSnapshotStore? _store;

    protected override ISnapshotStore CreateStore() => _store = new PostgresSnapshotStore(_schema.ConnectionString, _schema.Name);

    public void Dispose()
    {
        _store?.Dispose();
        _schema.Dispose();
    }

    [Fact]
    public async Task Load_TimestampWithAnOffsetAndTicks_ComesBackEqual()
    {
        // Arrange
        var timestamp = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);
        await Store.SaveAsync(new SnapshotMetadata("p", 1, timestamp), new CounterState(1));

        // Act
        var loaded = await Store.LoadAsync("p");

        // Assert
        Assert.Equal(timestamp, loaded!.Metadata.Timestamp);
        Assert.Equal(timestamp.Offset, loaded.Metadata.Timestamp.Offset);
    }

    [Fact]
    public async Task Load_PayloadEditedInTheDatabase_ThrowsNamingTheSnapshot()
    {
        // Arrange
        await Store.SaveAsync(new SnapshotMetadata("p", 3, Noon), new CounterState(3));
        _schema.Execute("UPDATE snapshots SET payload_json = '{\"Count\":4}';");

        // Act
        var error = await Assert.ThrowsAsync<PersistenceException>(() => Store.LoadAsync("p"));

        // Assert
        Assert.Contains("p/3", error.Message);
        Assert.Contains("corrupted", error.Message);
        Assert.Contains(_schema.Name, error.Message);
    }
}
