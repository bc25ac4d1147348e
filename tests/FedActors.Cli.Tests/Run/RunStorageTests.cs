using FedActors.Cli.Run;
using FedActors.Persistence;
using FedActors.Simulation;

namespace FedActors.Cli.Tests.Run;

public sealed class RunStorageTests
{
    [Theory]
    [InlineData(SqliteSynchronous.Normal)]
    [InlineData(SqliteSynchronous.Full)]
    public void Open_Sqlite_CommitsAtTheConfiguredSynchronousLevel(SqliteSynchronous level)
    {
        // Arrange
        using var dir = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(dir.Path, "out"), "unit", "{}");
        var persistence = new PersistenceSettings(JournalKind.Sqlite, StoreUpdates: false, MaxUpdateNorm: 1e6, SqliteSynchronous: level);

        // Act
        using var storage = RunStorage.Open(persistence, run);

        // Assert
        Assert.Equal(level, Assert.IsType<SqliteJournal>(storage.Journal).Synchronous);
        Assert.Equal(level, Assert.IsType<SqliteBlobStore>(storage.Blobs).Synchronous);
    }
}
