using System.Globalization;
using FedActors.Actors;
using Microsoft.Data.Sqlite;

namespace FedActors.Persistence;

/// <summary>
/// A durable <see cref="IEventJournal"/> in one SQLite file (ARCHITECTURE §9): one row per event with the SHA-256 of
/// its JSON, checked on replay, and a <c>highest</c> table so an id's highest sequence number survives deletes.
/// </summary>
public sealed class SqliteJournal : IEventJournal, IDisposable
{
    /// <summary>The journal schema this code writes and reads; a file with a higher one is refused.</summary>
    public const int SchemaVersion = 1;

    internal const string Component = "journal";

    private const string CreateSql = """
        CREATE TABLE journal (
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            round INTEGER NULL,
            event_type TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr));
        CREATE TABLE highest (
            persistence_id TEXT PRIMARY KEY,
            sequence_nr INTEGER NOT NULL);
        """;

    private readonly SqliteDatabase _database;
    private readonly IEventSerializer _serializer;

    /// <summary>Opens or creates the journal in <paramref name="path"/> (conventionally <c>journal.db</c> in the run directory).</summary>
    public SqliteJournal(string path, IEventSerializer? serializer = null, SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        _serializer = serializer ?? JsonEventSerializer.Instance;
        _database = SqliteDatabase.Open(path, Component, SchemaVersion, CreateSql, synchronous);
    }

    public string Path => _database.Path;

    /// <summary>When this journal's commits count as done, as its connection reports it.</summary>
    public SqliteSynchronous Synchronous => _database.ReadSynchronous();

    public async Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var rows = StoredPayloads.Prepare(_serializer, messages);
        var writtenAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await _database.RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            // Validate the whole batch against the stored highest first, like InMemoryJournal, so a bad one writes nothing.
            var highest = JournalSequence.Check(rows.Select(r => r.Message), id => Highest(transaction, id));

            foreach (var (message, eventType, json, sha, round) in rows)
            {
                _database.ExecutePrepared(transaction, """
                    INSERT INTO journal (persistence_id, sequence_nr, round, event_type, payload_json, sha256, written_at)
                    VALUES ($id, $nr, $round, $type, $json, $sha, $at);
                    """,
                    ("$id", message.PersistenceId), ("$nr", message.SequenceNr), ("$round", round), ("$type", eventType),
                    ("$json", json), ("$sha", sha), ("$at", writtenAt));
            }

            foreach (var (id, nr) in highest)
            {
                _database.ExecutePrepared(transaction, """
                    INSERT INTO highest (persistence_id, sequence_nr) VALUES ($id, $nr)
                    ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = excluded.sequence_nr;
                    """, ("$id", id), ("$nr", nr));
            }

            transaction.Commit();
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(recoveryCallback);
        if (max <= 0 || fromSequenceNr > toSequenceNr)
        {
            return;
        }

        var rows = await _database.RunAsync(connection =>
        {
            using var select = SqliteDatabase.Command(connection, """
                SELECT sequence_nr, event_type, payload_json, sha256 FROM journal
                WHERE persistence_id = $id AND sequence_nr BETWEEN $from AND $to
                ORDER BY sequence_nr LIMIT $max;
                """, ("$id", persistenceId), ("$from", fromSequenceNr), ("$to", toSequenceNr), ("$max", max));
            using var reader = select.ExecuteReader();
            var list = new List<StoredRow>();
            while (reader.Read())
            {
                list.Add(new StoredRow(persistenceId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);

        StoredPayloads.Recover(_serializer, rows, Path, recoveryCallback, cancellationToken);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.RunAsync(_ => Highest(null, persistenceId), cancellationToken);
    }

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.RunAsync(connection =>
        {
            using var delete = SqliteDatabase.Command(connection,
                "DELETE FROM journal WHERE persistence_id = $id AND sequence_nr <= $to;", ("$id", persistenceId), ("$to", toSequenceNr));
            return delete.ExecuteNonQuery();
        }, cancellationToken);
    }

    public void Dispose() => _database.Dispose();

    /// <summary>The highest sequence number journaled for <paramref name="persistenceId"/>; run under the database's gate.</summary>
    private long Highest(SqliteTransaction? transaction, string persistenceId) =>
        _database.ScalarPrepared(transaction, "SELECT sequence_nr FROM highest WHERE persistence_id = $id;", ("$id", persistenceId))
            is long highest ? highest : 0L;
}
