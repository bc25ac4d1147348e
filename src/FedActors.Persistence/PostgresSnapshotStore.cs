using System.Globalization;
using FedActors.Actors;

namespace FedActors.Persistence;

/// <summary>
/// A durable <see cref="ISnapshotStore"/> in PostgreSQL (it may share the journal's schema), with the rows of
/// <see cref="SqliteSnapshotStore"/>: one per (persistence id, sequence number), saving again replaces it; the
/// SHA-256 of the JSON is checked on load.
/// </summary>
public sealed class PostgresSnapshotStore : ISnapshotStore, IDisposable
{
    /// <summary>The snapshot schema this code writes and reads; a database with a higher one is refused.</summary>
    public const int SchemaVersion = 1;

    // The timestamp is round-trip text, as in SQLite: a TIMESTAMPTZ would keep neither the offset nor the 100 ns ticks,
    // and a loaded snapshot's metadata must equal the saved one.
    private const string CreateSql = """
        CREATE TABLE snapshots (
            persistence_id TEXT NOT NULL,
            sequence_nr BIGINT NOT NULL,
            timestamp TEXT NOT NULL,
            type TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr));
        """;

    private readonly PostgresDatabase _database;
    private readonly IEventSerializer _serializer;

    /// <summary>Connects with an Npgsql <paramref name="connectionString"/> and opens or creates the store in <paramref name="schema"/>.</summary>
    public PostgresSnapshotStore(string connectionString, string? schema = null, IEventSerializer? serializer = null)
    {
        _serializer = serializer ?? JsonEventSerializer.Instance;
        _database = PostgresDatabase.Open(connectionString, schema, "snapshots", SchemaVersion, CreateSql);
    }

    /// <summary>The server, database and schema, as messages name them (never the password).</summary>
    public string Location => _database.Location;

    public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(snapshot);
        var serialized = _serializer.Serialize(snapshot);
        return _database.RunAsync(async connection =>
        {
            await using var upsert = PostgresDatabase.Command(connection, """
                INSERT INTO snapshots (persistence_id, sequence_nr, timestamp, type, payload_json, sha256)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET timestamp = excluded.timestamp, type = excluded.type,
                    payload_json = excluded.payload_json, sha256 = excluded.sha256;
                """,
                metadata.PersistenceId, metadata.SequenceNr, metadata.Timestamp.ToString("O", CultureInfo.InvariantCulture),
                serialized.EventType, serialized.PayloadJson, Sha256Hex.Of(serialized.PayloadJson));
            return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var found = await _database.RunAsync(async connection =>
        {
            await using var select = PostgresDatabase.Command(connection, """
                SELECT sequence_nr, timestamp, type, payload_json, sha256 FROM snapshots
                WHERE persistence_id = $1 AND sequence_nr <= $2 ORDER BY sequence_nr DESC LIMIT 1;
                """, persistenceId, maxSequenceNr);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? (Row: new StoredRow(persistenceId, reader.GetInt64(0), reader.GetString(2), reader.GetString(3), reader.GetString(4)),
                    Timestamp: reader.GetString(1))
                : default((StoredRow Row, string Timestamp)?);
        }, cancellationToken).ConfigureAwait(false);
        if (found is not { } f)
        {
            return null;
        }

        var snapshot = StoredPayloads.Decode(_serializer, f.Row, Location, "snapshot", "store", string.Empty);
        var timestamp = DateTimeOffset.Parse(f.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new SelectedSnapshot(new SnapshotMetadata(persistenceId, f.Row.SequenceNr, timestamp), snapshot);
    }

    public Task DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.RunAsync(async connection =>
        {
            await using var delete = PostgresDatabase.Command(connection,
                "DELETE FROM snapshots WHERE persistence_id = $1 AND sequence_nr <= $2;", persistenceId, maxSequenceNr);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public void Dispose() => _database.Dispose();
}
