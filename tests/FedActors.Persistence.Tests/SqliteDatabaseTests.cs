namespace FedActors.Persistence.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private static string CreateSql(string table) => $"CREATE TABLE {table} (value INTEGER NOT NULL);";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TwoDatabasesOnOneFile_TakeTurns_WhileOtherFilesDoNot()
    {
        // Arrange: the same file by two spellings of its path, and another file.
        var path = _directory.File("run.db");
        using var journal = SqliteDatabase.Open(path, "journal", 1, CreateSql("events"), SqliteSynchronous.Full);
        using var blobs = SqliteDatabase.Open(Path.Combine(Path.GetDirectoryName(path)!, ".", "run.db"), "blobs", 1, CreateSql("items"), SqliteSynchronous.Full);
        using var other = SqliteDatabase.Open(_directory.File("other.db"), "journal", 1, CreateSql("events"), SqliteSynchronous.Full);
        using var release = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();

        // Act: the journal holds its gate until released; meanwhile the blob store and the other file ask for theirs.
        var held = Task.Run(() => journal.RunSync(_ =>
        {
            holding.Set();
            release.Wait(TimeSpan.FromMinutes(2));
            return true;
        }));
        try
        {
            Assert.True(holding.Wait(TimeSpan.FromMinutes(1)));
            var waiting = blobs.RunAsync(_ => true, CancellationToken.None);
            var elsewhere = other.RunAsync(_ => true, CancellationToken.None);

            // Assert
            Assert.True(await elsewhere.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.False(waiting.IsCompleted);
            release.Set();
            Assert.True(await waiting.WaitAsync(TimeSpan.FromMinutes(1)));
        }
        finally
        {
            release.Set();
        }

        Assert.True(await held);
    }

    [Fact]
    public void Dispose_OneOfTwo_LeavesTheOtherWorking()
    {
        // Arrange
        var path = _directory.File("run.db");
        var first = SqliteDatabase.Open(path, "journal", 1, CreateSql("events"), SqliteSynchronous.Full);
        using var second = SqliteDatabase.Open(path, "blobs", 1, CreateSql("items"), SqliteSynchronous.Full);

        // Act
        first.Dispose();
        first.Dispose();

        // Assert
        Assert.Equal(1, second.RunSync(connection => second.ExecutePrepared(null, "INSERT INTO items (value) VALUES ($v);", ("$v", 7))));
    }
}
