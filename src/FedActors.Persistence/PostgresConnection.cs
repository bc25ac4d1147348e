using Npgsql;

namespace FedActors.Persistence;

/// <summary>Helpers for PostgreSQL connection strings as they appear in configurations.</summary>
public static class PostgresConnection
{
    /// <summary>
    /// The connection string without its password, for files a run writes (config.json, results.json); a resumed run
    /// gets the password again from <c>FEDACTORS_POSTGRES</c>, <c>PGPASSWORD</c> or <c>~/.pgpass</c>.
    /// </summary>
    /// <exception cref="PersistenceException">The text is not a connection string.</exception>
    public static string WithoutPassword(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (connectionString.Length == 0)
        {
            return connectionString;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.Password is null)
            {
                return connectionString;
            }

            builder.Password = null;
            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new PersistenceException($"persistence.postgres.connection-string is not a valid connection string: {e.Message}", e);
        }
    }
}
