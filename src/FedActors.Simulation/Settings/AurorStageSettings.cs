using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>auror</c> filter stage (Shen et al. 2016, paper 003): clusters each feature of the clients' updates,
/// accumulated over <see cref="Window"/> rounds (0 = all so far), into two groups; a client in the smaller group of more
/// than <see cref="Tau"/> of the indicative features (centres farther apart than <see cref="Alpha"/>, or
/// <see cref="AlphaFactor"/> times the feature's range when <see cref="Alpha"/> is null) is excluded from then on.
/// </summary>
/// <param name="OutputFeatures">K, the length of the output layer (the update's last K values); null with <see cref="AurorFeatures.All"/>.</param>
public sealed record AurorStageSettings(
    AurorFeatures Features,
    int? OutputFeatures,
    int Window,
    double? Alpha,
    double AlphaFactor,
    double Tau,
    HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "auror";

    /// <summary>α as a multiple of the feature's value range (ALGORITHMS.md's reading).</summary>
    public const double DefaultAlphaFactor = 0.02;

    /// <summary>τ, the share of indicative features a client may be marked in (ALGORITHMS.md's reading).</summary>
    public const double DefaultTau = 0.5;

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
