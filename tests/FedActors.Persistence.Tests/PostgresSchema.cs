using Npgsql;

namespace FedActors.Persistence.Tests;

/// <summary>
/// A fresh schema on the test server that scripts/test.sh starts (<c>FEDACTORS_TEST_POSTGRES</c>), dropped on Dispose,
/// so tests do not see each other's rows; and raw SQL in it, the way a damaged table or a newer FedActors would edit it.
/// </summary>
internal sealed class PostgresSchema : IDisposable
{
    public const string Variable = "FEDACTORS_TEST_POSTGRES";

    public PostgresSchema()
    {
        ConnectionString = RequireConnectionString();
        Name = "test_" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The test server's Npgsql connection string.</summary>
    public string ConnectionString { get; }

    public string Name { get; }

    /// <summary>The connection string; a test that needs the server fails, never skips, when scripts/test.sh did not start one.</summary>
    public static string RequireConnectionString() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException($"{Variable} is not set: run scripts/test.sh, which starts a PostgreSQL server");

    public int Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE;", connection);
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = Name }.ConnectionString);
        connection.Open();
        return connection;
    }
}
