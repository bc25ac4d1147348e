using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>The <c>norm-clip</c> transform stage: Δ ← Δ / max(1, ‖Δ‖₂ / S) (000 Eq. 5).</summary>
public sealed record NormClipStageSettings(double Bound, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "norm-clip";

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
