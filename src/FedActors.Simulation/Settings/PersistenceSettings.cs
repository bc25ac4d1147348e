using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.persistence</c> section: where round events, models and updates are stored.</summary>
public sealed record PersistenceSettings(JournalKind Journal, bool StoreUpdates, double MaxUpdateNorm)
{
    /// <summary>The names <c>fedactors.persistence.journal</c> accepts.</summary>
    public static IReadOnlyList<string> Journals { get; } = ["sqlite", "postgres", "in-memory"];

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
        return new PersistenceSettings(
            journal,
            config.GetBool($"{Section}.store-updates"),
            DoubleAbove(config, $"{Section}.max-update-norm", 0));
    }
}
