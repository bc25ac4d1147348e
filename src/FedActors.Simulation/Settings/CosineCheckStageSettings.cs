using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>The <c>cosine-check</c> filter stage (004 §3.2): drops i when cos(δ_i, δ_{−i}) &lt; <see cref="MinCosine"/>.</summary>
public sealed record CosineCheckStageSettings(double MinCosine, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "cosine-check";

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
