using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>dp-gaussian</c> aggregator stage (000 Eq. 5): kept updates clipped to L2 norm <see cref="ClipBound"/> (S),
/// summed, N(0, σ²S²) added per coordinate with σ = <see cref="Sigma"/>, divided by the number of kept updates.
/// </summary>
public sealed record DpGaussianStageSettings(double ClipBound, double Sigma, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "dp-gaussian";

    public override string Type => TypeName;

    public override bool IsAggregator => true;
}
