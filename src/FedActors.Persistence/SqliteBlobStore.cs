using System.Globalization;

namespace FedActors.Persistence;

/// <summary>An <see cref="IBlobStore"/> in a SQLite file (it may share the journal's file), table <c>blobs</c>.</summary>
public sealed class SqliteBlobStore : IBlobStore, IDisposable
{
    /// <summary>The blob schema this code writes and reads; a file with a higher one is refused.</summary>
    public const int SchemaVersion = 1;

    private const string CreateSql = """
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            length INTEGER NOT NULL,
            data BLOB NOT NULL,
            written_at TEXT NOT NULL);
        """;

    private readonly SqliteDatabase _database;

    public SqliteBlobStore(string path, SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        _database = SqliteDatabase.Open(path, "blobs", SchemaVersion, CreateSql, synchronous);
    }

    public string Path => _database.Path;

    /// <summary>When this store's commits count as done, as its connection reports it.</summary>
    public SqliteSynchronous Synchronous => _database.ReadSynchronous();

    public string Put(ReadOnlySpan<byte> bytes)
    {
        var sha256 = Sha256Hex.Of(bytes);
        var data = bytes.ToArray();
        var writtenAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        _database.RunSync(_ => _database.ExecutePrepared(null,
            "INSERT OR IGNORE INTO blobs (sha256, length, data, written_at) VALUES ($sha, $length, $data, $at);",
            ("$sha", sha256), ("$length", data.Length), ("$data", data), ("$at", writtenAt)));
        return sha256;
    }

    public byte[] Get(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        var data = _database.RunSync(connection =>
        {
            using var select = SqliteDatabase.Command(connection, "SELECT data FROM blobs WHERE sha256 = $sha;", ("$sha", sha256));
            return select.ExecuteScalar() as byte[];
        }) ?? throw new KeyNotFoundException($"{Path}: no blob with SHA-256 {sha256}");

        return StoredPayloads.CheckBlob(Path, sha256, data);
    }

    public bool Contains(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return _database.RunSync(connection =>
        {
            using var select = SqliteDatabase.Command(connection, "SELECT 1 FROM blobs WHERE sha256 = $sha;", ("$sha", sha256));
            return select.ExecuteScalar() is not null;
        });
    }

    public void Dispose() => _database.Dispose();
}
