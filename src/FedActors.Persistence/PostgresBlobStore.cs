namespace FedActors.Persistence;

/// <summary>An <see cref="IBlobStore"/> in PostgreSQL (it may share the journal's schema), table <c>blobs</c> as in <see cref="SqliteBlobStore"/>.</summary>
public sealed class PostgresBlobStore : IBlobStore, IDisposable
{
    /// <summary>The blob schema this code writes and reads; a database with a higher one is refused.</summary>
    public const int SchemaVersion = 1;

    private const string CreateSql = """
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            length INTEGER NOT NULL,
            data BYTEA NOT NULL,
            written_at TIMESTAMPTZ NOT NULL);
        """;

    private readonly PostgresDatabase _database;

    /// <summary>Connects with an Npgsql <paramref name="connectionString"/> and opens or creates the store in <paramref name="schema"/>.</summary>
    public PostgresBlobStore(string connectionString, string? schema = null)
    {
        _database = PostgresDatabase.Open(connectionString, schema, "blobs", SchemaVersion, CreateSql);
    }

    /// <summary>The server, database and schema, as messages name them (never the password).</summary>
    public string Location => _database.Location;

    public string Put(ReadOnlySpan<byte> bytes)
    {
        var sha256 = Sha256Hex.Of(bytes);
        var data = bytes.ToArray();
        _database.Run(connection =>
        {
            using var insert = PostgresDatabase.Command(connection,
                "INSERT INTO blobs (sha256, length, data, written_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING;",
                sha256, data.Length, data, DateTime.UtcNow);
            return insert.ExecuteNonQuery();
        });
        return sha256;
    }

    public byte[] Get(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        var data = _database.Run(connection =>
        {
            using var select = PostgresDatabase.Command(connection, "SELECT data FROM blobs WHERE sha256 = $1;", sha256);
            return select.ExecuteScalar() as byte[];
        }) ?? throw new KeyNotFoundException($"{Location}: no blob with SHA-256 {sha256}");

        return StoredPayloads.CheckBlob(Location, sha256, data);
    }

    public bool Contains(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return _database.Run(connection =>
        {
            using var select = PostgresDatabase.Command(connection, "SELECT 1 FROM blobs WHERE sha256 = $1;", sha256);
            return select.ExecuteScalar() is not null;
        });
    }

    public void Dispose() => _database.Dispose();
}
