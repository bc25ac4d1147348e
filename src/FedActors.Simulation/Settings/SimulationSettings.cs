using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The whole <c>fedactors</c> section, read once and checked at start-up: a bad value throws a
/// <see cref="HoconException"/> whose message starts with the value's <c>file:line:column</c>.
/// </summary>
public sealed record SimulationSettings(
    RunSettings Run,
    DataSettings Data,
    ModelSettings Model,
    TrainerSettings Trainer,
    AttackSettings Attack,
    DefenseSettings Defense,
    PersistenceSettings Persistence,
    MetricsSettings Metrics)
{
    /// <summary>Where the trainer pool's jobs run (local by default).</summary>
    public ClusterSettings Cluster { get; init; } = ClusterSettings.Local;

    /// <summary>Reads <c>fedactors.*</c> of a resolved configuration (normally an experiment over reference.conf).</summary>
    /// <exception cref="HoconException">A key is missing, has the wrong type or violates its constraint.</exception>
    public static SimulationSettings FromConfig(Config resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var run = RunSettings.FromConfig(resolved);
        var data = DataSettings.FromConfig(resolved);
        var defense = DefenseSettings.FromConfig(resolved);
        defense.CheckRoundSize(run.ClientsPerRound);
        return new SimulationSettings(
            run,
            data,
            ModelSettings.FromConfig(resolved),
            TrainerSettings.FromConfig(resolved),
            AttackSettings.FromConfig(resolved, run, data),
            defense,
            PersistenceSettings.FromConfig(resolved),
            MetricsSettings.FromConfig(resolved))
        {
            Cluster = ClusterSettings.FromConfig(resolved),
        };
    }
}
