using FedActors.Actors;
using Npgsql;

namespace FedActors.Persistence.Tests;

/// <summary>What only the PostgreSQL stores have: reconnecting, stored columns, corruption, schema versions, login and connection errors.</summary>
public sealed class PostgresJournalDurabilityTests : IDisposable
{
    private readonly PostgresSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task Reopen_AfterDispose_ReplaysWhatWasWrittenWithTypedPayloads()
    {
        // Arrange
        using (var first = Open())
        {
            await first.WriteMessagesAsync(new[]
            {
                new PersistentRepresentation("server", 1, new RoundStarted(1, "go")),
                new PersistentRepresentation("server", 2, new ModelStored("ab12", new[] { 0.5, 0.25 })),
            });
            await first.DeleteMessagesToAsync("server", 1);
        }

        // Act
        using var second = Open();
        var replayed = new List<PersistentRepresentation>();
        await second.ReplayMessagesAsync("server", 1, long.MaxValue, long.MaxValue, replayed.Add);

        // Assert
        var only = Assert.Single(replayed);
        var model = Assert.IsType<ModelStored>(only.Payload);
        Assert.Equal(new[] { 0.5, 0.25 }, model.Metrics);
        Assert.Equal(2, await second.ReadHighestSequenceNrAsync("server", 0));
    }

    [Fact]
    public async Task WriteMessages_PayloadWithIntRound_StoresTheRoundColumnElseNullAndTheVersion()
    {
        // Arrange
        using var journal = Open();

        // Act
        await journal.WriteMessagesAsync(new[]
        {
            new PersistentRepresentation("server", 1, new RoundStarted(7, "x")),
            new PersistentRepresentation("server", 2, "no round"),
        });

        // Assert
        Assert.Equal(7, _schema.Scalar("SELECT round FROM journal WHERE sequence_nr = 1;"));
        Assert.Equal(DBNull.Value, _schema.Scalar("SELECT round FROM journal WHERE sequence_nr = 2;"));
        Assert.Equal(Sha256Hex.Of("\"no round\""), _schema.Scalar("SELECT sha256 FROM journal WHERE sequence_nr = 2;"));
        Assert.Equal(PostgresJournal.SchemaVersion, _schema.Scalar("SELECT version FROM schema_version WHERE component = 'journal';"));
    }

    [Fact]
    public async Task ReplayMessages_PayloadEditedInTheDatabase_ThrowsNamingTheRowAndRecoversNothing()
    {
        // Arrange
        using var journal = Open();
        await journal.WriteMessagesAsync(new[]
        {
            new PersistentRepresentation("client-3", 1, new RoundStarted(1, "a")),
            new PersistentRepresentation("client-3", 2, new RoundStarted(2, "b")),
        });
        _schema.Execute("UPDATE journal SET payload_json = '{\"Round\":2,\"Note\":\"evil\"}' WHERE persistence_id = 'client-3' AND sequence_nr = 2;");
        var replayed = new List<PersistentRepresentation>();

        // Act
        var error = await Assert.ThrowsAsync<PersistenceException>(
            () => journal.ReplayMessagesAsync("client-3", 1, long.MaxValue, long.MaxValue, replayed.Add));

        // Assert
        Assert.Contains("client-3/2", error.Message);
        Assert.Contains("corrupted", error.Message);
        Assert.Contains(_schema.Name, error.Message);
        Assert.Empty(replayed);
    }

    [Fact]
    public void Open_SchemaVersionNewerThanThisCode_IsRefusedSayingSo()
    {
        // Arrange
        Open().Dispose();
        _schema.Execute($"UPDATE schema_version SET version = {PostgresJournal.SchemaVersion + 1} WHERE component = 'journal';");

        // Act
        var error = Assert.Throws<PersistenceException>(Open);

        // Assert
        Assert.Contains("newer", error.Message);
        Assert.Contains($"version {PostgresJournal.SchemaVersion + 1}", error.Message);
        Assert.Contains(_schema.Name, error.Message);
    }

    [Fact]
    public async Task Open_JournalSnapshotsAndBlobsInOneSchema_EachKeepsItsOwnVersionRow()
    {
        // Arrange, Act
        using var journal = Open();
        using var snapshots = new PostgresSnapshotStore(_schema.ConnectionString, _schema.Name);
        using var blobs = new PostgresBlobStore(_schema.ConnectionString, _schema.Name);
        await journal.WriteMessagesAsync(new[] { new PersistentRepresentation("p", 1, "a") });
        await snapshots.SaveAsync(new SnapshotMetadata("p", 1, DateTimeOffset.UnixEpoch), new CounterState(1));
        var key = blobs.Put(new byte[] { 9 });

        // Assert
        Assert.Equal(3L, _schema.Scalar("SELECT COUNT(*) FROM schema_version;"));
        Assert.True(blobs.Contains(key));
    }

    [Fact]
    public void Open_WrongPassword_ThrowsNamingTheServerAndThePassword()
    {
        // Arrange
        var builder = new NpgsqlConnectionStringBuilder(_schema.ConnectionString) { Password = "not-the-password" };

        // Act
        var error = Assert.Throws<PersistenceException>(() => new PostgresJournal(builder.ConnectionString, _schema.Name));

        // Assert
        Assert.Contains($"{builder.Host}:{builder.Port}/{builder.Database}", error.Message);
        Assert.Contains("password authentication failed", error.Message);
        Assert.Contains("Password in the connection string", error.Message);
        Assert.DoesNotContain("not-the-password", error.Message);
    }

    [Fact]
    public void Open_NoServerListening_ThrowsNamingTheHostAndPort()
    {
        // Arrange: port 1 on the loopback interface has no server.
        const string connectionString = "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=fedactors;Timeout=5";

        // Act
        var error = Assert.Throws<PersistenceException>(() => new PostgresJournal(connectionString));

        // Assert
        Assert.Contains("127.0.0.1:1/fedactors", error.Message);
        Assert.Contains("is the server running", error.Message);
    }

    [Fact]
    public void Open_SchemaNameThatIsNotAnIdentifier_IsRefused()
    {
        // Arrange, Act, Assert
        Assert.Throws<ArgumentException>(() => new PostgresJournal(_schema.ConnectionString, "x; DROP TABLE journal"));
    }

    private PostgresJournal Open() => new(_schema.ConnectionString, _schema.Name);
}
