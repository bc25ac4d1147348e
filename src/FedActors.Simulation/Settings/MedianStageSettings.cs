using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>The <c>median</c> aggregator stage: the coordinate-wise median of the kept updates is added to the global model.</summary>
public sealed record MedianStageSettings(HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "median";

    public override string Type => TypeName;

    public override bool IsAggregator => true;
}
