using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.metrics</c> section: what is measured each round.</summary>
public sealed record MetricsSettings(int EvalEvery, bool Csv)
{
    private const string Section = "fedactors.metrics";

    /// <summary>Reads and checks <c>fedactors.metrics</c> of a resolved configuration.</summary>
    public static MetricsSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new MetricsSettings(IntAtLeast(config, $"{Section}.eval-every", 1), config.GetBool($"{Section}.csv"));
    }
}
