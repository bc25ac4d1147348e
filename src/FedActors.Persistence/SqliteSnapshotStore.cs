using System.Globalization;
using FedActors.Actors;

namespace FedActors.Persistence;

/// <summary>
/// A durable <see cref="ISnapshotStore"/> in a SQLite file (it may share the journal's file): one row per
/// (persistence id, sequence number), saving again replaces it; the SHA-256 of the JSON is checked on load.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore, IDisposable
{
    /// <summary>The snapshot schema this code writes and reads; a file with a higher one is refused.</summary>
    public const int SchemaVersion = 1;

    private const string CreateSql = """
        CREATE TABLE snapshots (
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            timestamp TEXT NOT NULL,
            type TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr));
        """;

    private readonly SqliteDatabase _database;
    private readonly IEventSerializer _serializer;

    public SqliteSnapshotStore(string path, IEventSerializer? serializer = null)
    {
        _serializer = serializer ?? JsonEventSerializer.Instance;
        _database = SqliteDatabase.Open(path, "snapshots", SchemaVersion, CreateSql, SqliteSynchronous.Full);
    }

    public string Path => _database.Path;

    public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(snapshot);
        var serialized = _serializer.Serialize(snapshot);
        return _database.RunAsync(connection =>
        {
            using var insert = SqliteDatabase.Command(connection, """
                INSERT OR REPLACE INTO snapshots (persistence_id, sequence_nr, timestamp, type, payload_json, sha256)
                VALUES ($id, $nr, $ts, $type, $json, $sha);
                """,
                ("$id", metadata.PersistenceId), ("$nr", metadata.SequenceNr),
                ("$ts", metadata.Timestamp.ToString("O", CultureInfo.InvariantCulture)), ("$type", serialized.EventType),
                ("$json", serialized.PayloadJson), ("$sha", Sha256Hex.Of(serialized.PayloadJson)));
            return insert.ExecuteNonQuery();
        }, cancellationToken);
    }

    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var row = await _database.RunAsync(connection =>
        {
            using var select = SqliteDatabase.Command(connection, """
                SELECT sequence_nr, timestamp, type, payload_json, sha256 FROM snapshots
                WHERE persistence_id = $id AND sequence_nr <= $max ORDER BY sequence_nr DESC LIMIT 1;
                """, ("$id", persistenceId), ("$max", maxSequenceNr));
            using var reader = select.ExecuteReader();
            return reader.Read()
                ? (SequenceNr: reader.GetInt64(0), Timestamp: reader.GetString(1), Type: reader.GetString(2), Json: reader.GetString(3), Sha: reader.GetString(4))
                : default((long SequenceNr, string Timestamp, string Type, string Json, string Sha)?);
        }, cancellationToken).ConfigureAwait(false);
        if (row is not { } r)
        {
            return null;
        }

        var snapshot = StoredPayloads.Decode(_serializer, new StoredRow(persistenceId, r.SequenceNr, r.Type, r.Json, r.Sha), Path,
            "snapshot", "store", string.Empty);
        var timestamp = DateTimeOffset.Parse(r.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new SelectedSnapshot(new SnapshotMetadata(persistenceId, r.SequenceNr, timestamp), snapshot);
    }

    public Task DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.RunAsync(connection =>
        {
            using var delete = SqliteDatabase.Command(connection,
                "DELETE FROM snapshots WHERE persistence_id = $id AND sequence_nr <= $max;", ("$id", persistenceId), ("$max", maxSequenceNr));
            return delete.ExecuteNonQuery();
        }, cancellationToken);
    }

    public void Dispose() => _database.Dispose();
}
