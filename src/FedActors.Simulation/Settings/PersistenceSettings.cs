using FedActors.Hocon;
using FedActors.Persistence;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.persistence</c> section: where round events, models and updates are stored.</summary>
/// <param name="PostgresConnectionString">The Npgsql connection string when <paramref name="Journal"/> is postgres, otherwise empty.</param>
/// <param name="SqliteSynchronous">When a commit of the sqlite journal and blob store counts as done (<c>sqlite.synchronous</c>).</param>
public sealed record PersistenceSettings(JournalKind Journal, bool StoreUpdates, double MaxUpdateNorm, string PostgresConnectionString = "",
    SqliteSynchronous SqliteSynchronous = SqliteSynchronous.Full)
{
    /// <summary>The names <c>fedactors.persistence.journal</c> accepts.</summary>
    public static IReadOnlyList<string> Journals { get; } = ["sqlite", "postgres", "in-memory"];

    /// <summary>The names <c>fedactors.persistence.sqlite.synchronous</c> accepts.</summary>
    public static IReadOnlyList<string> SqliteSynchronousLevels { get; } = ["normal", "full"];

    private const string Section = "fedactors.persistence";

    /// <summary>Reads and checks <c>fedactors.persistence</c> of a resolved configuration.</summary>
    public static PersistenceSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var journal = OneOf(config, $"{Section}.journal", Journals) switch
        {
            "postgres" => JournalKind.Postgres,
            "in-memory" => JournalKind.InMemory,
            _ => JournalKind.Sqlite,
        };
        var connection = config.HasPath($"{Section}.postgres.connection-string") ? config.GetString($"{Section}.postgres.connection-string") : string.Empty;
        if (journal == JournalKind.Postgres && string.IsNullOrWhiteSpace(connection))
        {
            var where = config.HasPath($"{Section}.postgres.connection-string") ? $"{Section}.postgres.connection-string" : $"{Section}.journal";
            throw Violation(config, where,
                $"{Section}.postgres.connection-string must be set when {Section}.journal = postgres " +
                "(e.g. \"Host=localhost;Database=fedactors;Username=fedactors;Password=...\", or the FEDACTORS_POSTGRES environment variable)");
        }

        return new PersistenceSettings(
            journal,
            config.GetBool($"{Section}.store-updates"),
            DoubleAbove(config, $"{Section}.max-update-norm", 0),
            journal == JournalKind.Postgres ? connection : string.Empty,
            OneOf(config, $"{Section}.sqlite.synchronous", SqliteSynchronousLevels) == "normal" ? SqliteSynchronous.Normal : SqliteSynchronous.Full);
    }
}
