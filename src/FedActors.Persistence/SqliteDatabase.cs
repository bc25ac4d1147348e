using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FedActors.Persistence;

/// <summary>
/// One open SQLite file in WAL mode with the given <see cref="SqliteSynchronous"/>, and the schema of one component
/// (journal, snapshots, blobs) created or checked in the shared <c>schema_version</c> table.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private static readonly Lazy<bool> NativeLibrary = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    // The gates of the open files, by full path, with how many databases hold each.
    private static readonly Dictionary<string, (SemaphoreSlim Gate, int Holders)> Gates = new(StringComparer.Ordinal);

    // One connection is not safe for concurrent use; every statement runs while holding this gate. The databases open
    // on one file (a run's journal and blob store) share it, so that their writes take turns in this process instead
    // of meeting SQLite's busy lock (which the driver waits out in sleeps). A SemaphoreSlim rather than a lock, so async
    // callers wait without blocking a thread.
    private readonly SemaphoreSlim _gate;
    private readonly string _gateKey;
    private bool _disposed;

    // Commands of the statements written every round, kept so that SQLite parses each once (a command keeps its
    // prepared statement while its text stays the same): used only while holding the gate.
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    private SqliteDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;
        _gateKey = System.IO.Path.GetFullPath(path);
        lock (Gates)
        {
            var (gate, holders) = Gates.TryGetValue(_gateKey, out var held) ? held : (new SemaphoreSlim(1, 1), 0);
            Gates[_gateKey] = (gate, holders + 1);
            _gate = gate;
        }
    }

    public string Path { get; }

    public SqliteConnection Connection { get; }

    /// <summary>Opens (creating if needed) <paramref name="path"/> and makes sure <paramref name="component"/>'s schema is at <paramref name="version"/>.</summary>
    public static SqliteDatabase Open(string path, string component, int version, string createSql, SqliteSynchronous synchronous)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Enum.IsDefined(synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(synchronous), synchronous, "not a SqliteSynchronous");
        }

        _ = NativeLibrary.Value;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooling would keep the file open after Dispose, so a reopened journal or a deleted file would surprise.
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(int)synchronous};");
            EnsureSchema(connection, path, component, version, createSql);
            return new SqliteDatabase(path, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new PersistenceException(
                $"{path}: cannot open the {component} database: the file is not a SQLite database or is damaged ({e.Message}); " +
                "move it aside or restore it from a backup", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Run(work);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The connection's <c>PRAGMA synchronous</c>, as SQLite reports it.</summary>
    public SqliteSynchronous ReadSynchronous()
    {
        var level = RunSync(connection =>
        {
            using var read = Command(connection, "PRAGMA synchronous;");
            return Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        });
        return Enum.IsDefined((SqliteSynchronous)level)
            ? (SqliteSynchronous)level
            : throw new PersistenceException($"{Path}: PRAGMA synchronous is {level}, neither NORMAL (1) nor FULL (2)");
    }

    public T RunSync<T>(Func<SqliteConnection, T> work)
    {
        _gate.Wait();
        try
        {
            return Run(work);
        }
        finally
        {
            _gate.Release();
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as a statement prepared the first time and reused after (SQLite parses it once), with
    /// <paramref name="parameters"/> bound, in <paramref name="transaction"/>; returns the number of rows changed. Only
    /// for work running under <see cref="RunAsync{T}"/> or <see cref="RunSync{T}"/>; every call for one statement
    /// passes the same parameter names.
    /// </summary>
    public int ExecutePrepared(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        RunPrepared(transaction, sql, parameters, command => command.ExecuteNonQuery());

    /// <summary>As <see cref="ExecutePrepared"/>, returning the first column of the first row (null when there is none).</summary>
    public object? ScalarPrepared(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        RunPrepared(transaction, sql, parameters, command => command.ExecuteScalar());

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
        lock (Gates)
        {
            var (gate, holders) = Gates[_gateKey];
            if (holders == 1)
            {
                Gates.Remove(_gateKey);
                gate.Dispose();
            }
            else
            {
                Gates[_gateKey] = (gate, holders - 1);
            }
        }
    }

    private T RunPrepared<T>(SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters, Func<SqliteCommand, T> run)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _prepared.Add(sql, command);
        }

        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }

        try
        {
            return run(command);
        }
        finally
        {
            // The kept command must not keep the values (a model blob can be megabytes) or the finished transaction.
            foreach (SqliteParameter parameter in command.Parameters)
            {
                parameter.Value = DBNull.Value;
            }

            command.Transaction = null;
        }
    }

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            return work(Connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
        {
            // SQLITE_CORRUPT or SQLITE_NOTADB: the file was damaged after it was opened.
            throw new PersistenceException($"{Path}: the database is damaged ({e.Message}); restore it from a backup", e);
        }
    }

    private static void EnsureSchema(SqliteConnection connection, string path, string component, int version, string createSql)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL);");
        using var read = Command(connection, "SELECT version FROM schema_version WHERE component = $c;", ("$c", component));
        var stored = read.ExecuteScalar();
        if (stored is null)
        {
            Execute(connection, createSql);
            using var insert = Command(connection, "INSERT INTO schema_version (component, version) VALUES ($c, $v);",
                ("$c", component), ("$v", version));
            insert.ExecuteNonQuery();
        }
        else if ((long)stored > version)
        {
            throw new PersistenceException(
                $"{path}: the {component} schema is version {stored}, newer than version {version} that this FedActors reads; " +
                "open it with a newer FedActors");
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }
}
