using FedActors.Actors;
using Npgsql;

namespace FedActors.Persistence;

/// <summary>
/// A durable <see cref="IEventJournal"/> in PostgreSQL (ARCHITECTURE §9), with the rows of <see cref="SqliteJournal"/>:
/// one per event with the SHA-256 of its JSON, checked on replay, and a <c>highest</c> table so an id's highest
/// sequence number survives deletes. Writers to different ids run in parallel on pooled connections.
/// </summary>
public sealed class PostgresJournal : IEventJournal, IDisposable
{
    /// <summary>The journal schema this code writes and reads; a database with a higher one is refused.</summary>
    public const int SchemaVersion = 1;

    private const string CreateSql = """
        CREATE TABLE journal (
            persistence_id TEXT NOT NULL,
            sequence_nr BIGINT NOT NULL,
            round INTEGER NULL,
            event_type TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            written_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr));
        CREATE TABLE highest (
            persistence_id TEXT PRIMARY KEY,
            sequence_nr BIGINT NOT NULL);
        """;

    private readonly PostgresDatabase _database;
    private readonly IEventSerializer _serializer;

    /// <summary>
    /// Connects with an Npgsql <paramref name="connectionString"/> and opens or creates the journal in
    /// <paramref name="schema"/> (created when missing; null: the connection's search path).
    /// </summary>
    public PostgresJournal(string connectionString, string? schema = null, IEventSerializer? serializer = null)
    {
        _serializer = serializer ?? JsonEventSerializer.Instance;
        _database = PostgresDatabase.Open(connectionString, schema, SqliteJournal.Component, SchemaVersion, CreateSql);
    }

    /// <summary>The server, database and schema, as messages name them (never the password).</summary>
    public string Location => _database.Location;

    public async Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var rows = StoredPayloads.Prepare(_serializer, messages);
        if (rows.Count == 0)
        {
            return;
        }

        var ids = rows.Select(r => r.Message.PersistenceId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await _database.RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // FOR UPDATE makes concurrent writers to the same id take turns from here to the commit, so each sees the
            // other's highest; ids are locked in one order so two batches over the same ids cannot deadlock. An id with
            // no row yet has nothing to lock: racing first writers collide on the journal's primary key instead.
            var stored = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var select = PostgresDatabase.Command(connection,
                "SELECT persistence_id, sequence_nr FROM highest WHERE persistence_id = ANY($1) ORDER BY persistence_id FOR UPDATE;", (object)ids))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    stored[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            var highest = JournalSequence.Check(rows.Select(r => r.Message), id => stored.GetValueOrDefault(id));
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Batch("""
                        INSERT INTO journal (persistence_id, sequence_nr, round, event_type, payload_json, sha256, written_at)
                        SELECT id, nr, r, t, j, s, $7
                        FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[], $5::text[], $6::text[]) AS u(id, nr, r, t, j, s);
                        """,
                        rows.Select(r => r.Message.PersistenceId).ToArray(),
                        rows.Select(r => r.Message.SequenceNr).ToArray(),
                        rows.Select(r => r.Round).ToArray(),
                        rows.Select(r => r.EventType).ToArray(),
                        rows.Select(r => r.Json).ToArray(),
                        rows.Select(r => r.Sha256).ToArray(),
                        DateTime.UtcNow),
                    Batch("""
                        INSERT INTO highest (persistence_id, sequence_nr) SELECT * FROM unnest($1::text[], $2::bigint[])
                        ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = excluded.sequence_nr;
                        """,
                        highest.Keys.ToArray(), highest.Values.ToArray()),
                },
            };
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new InvalidOperationException(
                    $"{string.Join(", ", ids)}: another writer wrote the same sequence numbers first ({e.MessageText})", e);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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

        var rows = await _database.RunAsync(async connection =>
        {
            await using var select = PostgresDatabase.Command(connection, """
                SELECT sequence_nr, event_type, payload_json, sha256 FROM journal
                WHERE persistence_id = $1 AND sequence_nr BETWEEN $2 AND $3
                ORDER BY sequence_nr LIMIT $4;
                """, persistenceId, fromSequenceNr, toSequenceNr, max);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<StoredRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new StoredRow(persistenceId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);

        StoredPayloads.Recover(_serializer, rows, Location, recoveryCallback, cancellationToken);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.RunAsync(async connection =>
        {
            await using var select = PostgresDatabase.Command(connection,
                "SELECT sequence_nr FROM highest WHERE persistence_id = $1;", persistenceId);
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long highest ? highest : 0L;
        }, cancellationToken);
    }

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.RunAsync(async connection =>
        {
            await using var delete = PostgresDatabase.Command(connection,
                "DELETE FROM journal WHERE persistence_id = $1 AND sequence_nr <= $2;", persistenceId, toSequenceNr);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public void Dispose() => _database.Dispose();

    private static NpgsqlBatchCommand Batch(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
