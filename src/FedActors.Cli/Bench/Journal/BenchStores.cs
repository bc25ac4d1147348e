using FedActors.Actors;
using FedActors.Persistence;
using Npgsql;

namespace FedActors.Cli.Bench.Journal;

/// <summary>
/// The empty stores <c>bench journal</c> measures: in-memory, SQLite in a temporary directory and, given a connection
/// string, PostgreSQL in a fresh schema. Dispose closes them and removes the directory and the schema.
/// </summary>
internal sealed class BenchStores : IDisposable
{
    private readonly string _directory;
    private readonly string? _connectionString;
    private readonly string _schema = "fedactors_bench_" + Guid.NewGuid().ToString("N");
    private readonly List<IDisposable> _opened = new();

    public BenchStores(string? connectionString)
    {
        _directory = Path.Combine(Path.GetTempPath(), "fedactors-bench-journal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var backends = new List<Backend> { new("in-memory", new InMemoryJournal(), null) };
        try
        {
            var sqliteJournal = Open(new SqliteJournal(Path.Combine(_directory, "journal.db")));
            backends.Add(new Backend("sqlite", sqliteJournal, Open(new SqliteBlobStore(Path.Combine(_directory, "journal.db")))));
            if (!string.IsNullOrEmpty(connectionString))
            {
                var postgresJournal = Open(new PostgresJournal(connectionString, _schema));
                _connectionString = connectionString; // the schema exists from here on: Dispose drops it
                backends.Add(new Backend("postgres", postgresJournal, Open(new PostgresBlobStore(connectionString, _schema))));
            }
        }
        catch (PersistenceException e)
        {
            Dispose();
            throw new BenchmarkException(e.Message);
        }

        Backends = backends;
    }

    public IReadOnlyList<Backend> Backends { get; }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        _opened.Clear();
        if (_connectionString is not null)
        {
            DropSchema(_connectionString, _schema);
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private T Open<T>(T store)
        where T : IDisposable
    {
        _opened.Add(store);
        return store;
    }

    private static void DropSchema(string connectionString, string schema)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE;", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>One backend's journal and, for the durable ones, its blob store.</summary>
    public sealed record Backend(string Name, IEventJournal Journal, IBlobStore? Blobs);
}
