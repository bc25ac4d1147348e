using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>The <c>trimmed-mean</c> aggregator stage: per coordinate, ⌊β·K⌋ values dropped at each end, the rest averaged.</summary>
public sealed record TrimmedMeanStageSettings(double Beta, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "trimmed-mean";

    public override string Type => TypeName;

    public override bool IsAggregator => true;
}
