using FedActors.Actors;

namespace FedActors.Persistence.Tests;

/// <summary>What only a durable journal has: files, reopening, corruption, schema versions, stored columns.</summary>
public sealed class SqliteJournalDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string JournalPath => _directory.File("journal.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reopen_AfterDispose_ReplaysWhatWasWrittenWithTypedPayloads()
    {
        // Arrange
        using (var first = new SqliteJournal(JournalPath))
        {
            await first.WriteMessagesAsync(new[]
            {
                new PersistentRepresentation("server", 1, new RoundStarted(1, "go")),
                new PersistentRepresentation("server", 2, new ModelStored("ab12", new[] { 0.5, 0.25 })),
            });
            await first.DeleteMessagesToAsync("server", 1);
        }

        // Act
        using var second = new SqliteJournal(JournalPath);
        var replayed = new List<PersistentRepresentation>();
        await second.ReplayMessagesAsync("server", 1, long.MaxValue, long.MaxValue, replayed.Add);
        var highest = await second.ReadHighestSequenceNrAsync("server", 0);

        // Assert
        var only = Assert.Single(replayed);
        Assert.Equal(2, only.SequenceNr);
        var model = Assert.IsType<ModelStored>(only.Payload);
        Assert.Equal("ab12", model.Sha256);
        Assert.Equal(new[] { 0.5, 0.25 }, model.Metrics);
        Assert.Equal(2, highest);
    }

    [Fact]
    public async Task WriteMessages_PayloadWithIntRound_StoresTheRoundColumnElseNull()
    {
        // Arrange
        using (var journal = new SqliteJournal(JournalPath))
        {
            // Act
            await journal.WriteMessagesAsync(new[]
            {
                new PersistentRepresentation("server", 1, new RoundStarted(7, "x")),
                new PersistentRepresentation("server", 2, "no round"),
            });
        }

        // Assert
        Assert.Equal(7L, RawSql.Scalar(JournalPath, "SELECT round FROM journal WHERE sequence_nr = 1;"));
        Assert.Equal(DBNull.Value, RawSql.Scalar(JournalPath, "SELECT round FROM journal WHERE sequence_nr = 2;"));
        Assert.Equal(Sha256Hex.Of("\"no round\""), RawSql.Scalar(JournalPath, "SELECT sha256 FROM journal WHERE sequence_nr = 2;"));
    }

    [Fact]
    public async Task Open_NewJournal_UsesWalAndRecordsTheSchemaVersion()
    {
        // Arrange, Act
        using var journal = new SqliteJournal(JournalPath);
        await journal.WriteMessagesAsync(new[] { new PersistentRepresentation("p", 1, "a") });

        // Assert
        Assert.Equal("wal", RawSql.Scalar(JournalPath, "PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteJournal.SchemaVersion,
            RawSql.Scalar(JournalPath, "SELECT version FROM schema_version WHERE component = 'journal';"));
    }

    [Fact]
    public void Open_SynchronousLevel_IsTheConnectionsPragma()
    {
        // Arrange, Act: the journal and the blob store of one file, each with its own connection.
        using var byDefault = new SqliteJournal(JournalPath);
        using var normal = new SqliteJournal(JournalPath, synchronous: SqliteSynchronous.Normal);
        using var blobs = new SqliteBlobStore(JournalPath, SqliteSynchronous.Normal);
        using var defaultBlobs = new SqliteBlobStore(JournalPath);

        // Assert
        Assert.Equal(SqliteSynchronous.Full, byDefault.Synchronous);
        Assert.Equal(SqliteSynchronous.Normal, normal.Synchronous);
        Assert.Equal(SqliteSynchronous.Normal, blobs.Synchronous);
        Assert.Equal(SqliteSynchronous.Full, defaultBlobs.Synchronous);
    }

    [Fact]
    public async Task ReplayMessages_PayloadEditedOnDisk_ThrowsNamingTheRow()
    {
        // Arrange
        using var journal = new SqliteJournal(JournalPath);
        await journal.WriteMessagesAsync(new[]
        {
            new PersistentRepresentation("client-3", 1, new RoundStarted(1, "a")),
            new PersistentRepresentation("client-3", 2, new RoundStarted(2, "b")),
        });
        RawSql.Execute(JournalPath,
            "UPDATE journal SET payload_json = '{\"Round\":2,\"Note\":\"evil\"}' WHERE persistence_id = 'client-3' AND sequence_nr = 2;");
        var replayed = new List<PersistentRepresentation>();

        // Act
        var error = await Assert.ThrowsAsync<PersistenceException>(
            () => journal.ReplayMessagesAsync("client-3", 1, long.MaxValue, long.MaxValue, replayed.Add));

        // Assert: nothing was recovered from a journal that failed its check.
        Assert.Contains("client-3/2", error.Message);
        Assert.Contains("corrupted", error.Message);
        Assert.Empty(replayed);
    }

    [Fact]
    public async Task ReplayMessages_UnknownEventType_ThrowsNamingTheRowAndTheType()
    {
        // Arrange
        using var journal = new SqliteJournal(JournalPath);
        await journal.WriteMessagesAsync(new[] { new PersistentRepresentation("p", 1, "a") });
        RawSql.Execute(JournalPath, "UPDATE journal SET event_type = 'Gone.Event, Gone.Assembly';");

        // Act
        var error = await Assert.ThrowsAsync<PersistenceException>(
            () => journal.ReplayMessagesAsync("p", 1, long.MaxValue, long.MaxValue, _ => { }));

        // Assert
        Assert.Contains("p/1", error.Message);
        Assert.Contains("Gone.Event, Gone.Assembly", error.Message);
    }

    [Fact]
    public void Open_SchemaVersionNewerThanThisCode_IsRefusedSayingSo()
    {
        // Arrange
        new SqliteJournal(JournalPath).Dispose();
        RawSql.Execute(JournalPath, $"UPDATE schema_version SET version = {SqliteJournal.SchemaVersion + 1} WHERE component = 'journal';");

        // Act
        var error = Assert.Throws<PersistenceException>(() => new SqliteJournal(JournalPath));

        // Assert
        Assert.Contains("newer", error.Message);
        Assert.Contains($"version {SqliteJournal.SchemaVersion + 1}", error.Message);
        Assert.Contains(JournalPath, error.Message);
    }

    [Fact]
    public void Open_GarbageFile_ThrowsSayingItIsNotADatabase()
    {
        // Arrange
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(JournalPath, garbage);

        // Act
        var error = Assert.Throws<PersistenceException>(() => new SqliteJournal(JournalPath));

        // Assert
        Assert.Contains(JournalPath, error.Message);
        Assert.Contains("not a SQLite database", error.Message);
    }

    [Fact]
    public async Task Open_TruncatedFile_ThrowsAClearError()
    {
        // Arrange: enough events for several pages, then cut the file in the middle of one.
        using (var journal = new SqliteJournal(JournalPath))
        {
            var events = Enumerable.Range(1, 500).Select(i => new PersistentRepresentation("p", i, new string('x', 200))).ToList();
            await journal.WriteMessagesAsync(events);
        }

        using (var stream = new FileStream(JournalPath, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2 + 100);
        }

        // Act
        var error = await Record.ExceptionAsync(async () =>
        {
            using var reopened = new SqliteJournal(JournalPath);
            await reopened.ReplayMessagesAsync("p", 1, long.MaxValue, long.MaxValue, _ => { });
        });

        // Assert
        var persistence = Assert.IsType<PersistenceException>(error);
        Assert.Contains(JournalPath, persistence.Message);
    }

    [Fact]
    public async Task WriteMessages_UnserializablePayload_WritesNothing()
    {
        // Arrange
        using var journal = new SqliteJournal(JournalPath);

        // Act
        var write = journal.WriteMessagesAsync(new[]
        {
            new PersistentRepresentation("p", 1, "fine"),
            new PersistentRepresentation("p", 2, new Unserializable()),
        });

        // Assert
        await Assert.ThrowsAnyAsync<Exception>(() => write);
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("p", 0));
    }

    [Fact]
    public async Task WriteMessages_NullBatch_IsRefused()
    {
        // Arrange
        using var journal = new SqliteJournal(JournalPath);

        // Act, Assert
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.WriteMessagesAsync(null!));
    }
}
