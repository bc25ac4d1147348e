using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>sniper</c> filter stage (001 Alg. 2): keeps a maximum clique of the graph joining updates closer than γ.
/// With <see cref="SniperGammaMode.Absolute"/> γ starts at <see cref="Gamma"/> and grows by <see cref="Epsilon"/>; with
/// <see cref="SniperGammaMode.Relative"/> it starts at <see cref="Factor"/> and grows by <see cref="Step"/> times the
/// round's median pairwise distance.
/// </summary>
public sealed record SniperStageSettings(SniperGammaMode GammaMode, double Gamma, double Epsilon, double Factor, double Step, HoconPosition Position)
    : DefenseStageSettings(Position)
{
    public const string TypeName = "sniper";

    /// <summary>The paper's γ₀.</summary>
    public const double DefaultGamma = 0.5;

    /// <summary>The paper's ε.</summary>
    public const double DefaultEpsilon = 0.05;

    /// <summary>Relative γ₀ as a multiple of the median distance (a reading: the paper's constants, rescaled).</summary>
    public const double DefaultFactor = 0.5;

    /// <summary>Relative ε as a multiple of the median distance.</summary>
    public const double DefaultStep = 0.05;

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
