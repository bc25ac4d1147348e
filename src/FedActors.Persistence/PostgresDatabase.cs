using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace FedActors.Persistence;

/// <summary>
/// One PostgreSQL database (and schema) reached through an <see cref="NpgsqlDataSource"/>, with the schema of one
/// component (journal, snapshots, blobs) created or checked in the shared <c>schema_version</c> table. Every call maps
/// the failures a user can cause (server down, wrong password, unknown database) to a <see cref="PersistenceException"/>.
/// </summary>
internal sealed partial class PostgresDatabase : IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource, string location)
    {
        _dataSource = dataSource;
        Location = location;
    }

    /// <summary>Names the database for messages: <c>postgresql://host:port/database (schema s)</c>, never the password.</summary>
    public string Location { get; }

    /// <summary>
    /// Connects with <paramref name="connectionString"/>, creates <paramref name="schema"/> when it is missing (null: the
    /// connection's search path, normally <c>public</c>) and makes sure <paramref name="component"/>'s tables are at <paramref name="version"/>.
    /// </summary>
    public static PostgresDatabase Open(string connectionString, string? schema, string component, int version, string createSql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new PersistenceException($"the PostgreSQL connection string is malformed: {e.Message}", e);
        }

        if (schema is not null)
        {
            // Checked rather than quoted: the name also goes into search_path, where quoting rules differ.
            if (!SchemaName().IsMatch(schema))
            {
                throw new ArgumentException($"schema '{schema}' must be lowercase letters, digits and '_', starting with a letter or '_'", nameof(schema));
            }

            builder.SearchPath = schema;
        }

        var location = $"postgresql://{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "postgres"}"
            + (schema is null ? string.Empty : $" (schema {schema})");
        var database = new PostgresDatabase(NpgsqlDataSource.Create(builder.ConnectionString), location);
        try
        {
            database.Run(connection => EnsureSchema(connection, database.Location, schema, component, version, createSql));
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection of its own, so concurrent callers run in parallel.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (Unreachable(e) is { } reason)
        {
            throw new PersistenceException($"{Location}: {reason}", e);
        }
    }

    /// <summary>The synchronous twin of <see cref="RunAsync{T}"/>, for the synchronous <see cref="IBlobStore"/>.</summary>
    public T Run<T>(Func<NpgsqlConnection, T> work)
    {
        try
        {
            using var connection = _dataSource.OpenConnection();
            return work(connection);
        }
        catch (Exception e) when (Unreachable(e) is { } reason)
        {
            throw new PersistenceException($"{Location}: {reason}", e);
        }
    }

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public void Dispose() => _dataSource.Dispose();

    /// <summary>Why the server could not be used, in words with the fix, for failures a user causes; null for the rest (bugs, constraint violations).</summary>
    private static string? Unreachable(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } p =>
            $"cannot log in to PostgreSQL: {p.MessageText}; check Username and Password in the connection string",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } p =>
            $"cannot connect to PostgreSQL: {p.MessageText}; create it (createdb) or fix Database in the connection string",
        PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.AdminShutdown } p =>
            $"the PostgreSQL server refused the connection: {p.MessageText}",
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } p =>
            $"PostgreSQL refused an operation: {p.MessageText}; grant the role CREATE on the database and schema, or use another role",
        PostgresException => null,
        NpgsqlException { InnerException: SocketException s } =>
            $"cannot connect to PostgreSQL: {s.Message}; is the server running and listening there? Check Host and Port in the connection string",
        NpgsqlException { InnerException: TimeoutException } n =>
            $"cannot connect to PostgreSQL: {n.Message}; is the server running and reachable?",
        NpgsqlException n => $"the connection to PostgreSQL failed: {n.Message}",
        _ => null,
    };

    private static int EnsureSchema(NpgsqlConnection connection, string location, string? schema, string component, int version, string createSql)
    {
        using var transaction = connection.BeginTransaction();

        // Two stores opening the same schema at once would race on CREATE TABLE IF NOT EXISTS (it is not atomic in
        // PostgreSQL); a transaction-scoped advisory lock per schema makes them take turns.
        Execute(connection, "SELECT pg_advisory_xact_lock(hashtext('fedactors-schema:' || current_database() || ':' || $1));",
            schema ?? "(default)");
        if (schema is not null)
        {
            Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {schema};");
        }

        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL);");
        using var read = Command(connection, "SELECT version FROM schema_version WHERE component = $1;", component);
        var stored = read.ExecuteScalar();
        if (stored is null)
        {
            Execute(connection, createSql);
            Execute(connection, "INSERT INTO schema_version (component, version) VALUES ($1, $2);", component, version);
        }
        else if ((int)stored > version)
        {
            throw new PersistenceException(
                $"{location}: the {component} schema is version {stored}, newer than version {version} that this FedActors reads; " +
                "open it with a newer FedActors");
        }

        transaction.Commit();
        return version;
    }

    private static void Execute(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
