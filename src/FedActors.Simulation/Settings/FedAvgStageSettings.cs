using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>fedavg</c> aggregator stage (McMahan et al. 2017): the weighted mean of the updates, scaled by
/// <see cref="ServerLearningRate"/> before it is added to the global model.
/// </summary>
public sealed record FedAvgStageSettings(FedAvgWeighting Weighting, double ServerLearningRate, HoconPosition Position)
    : DefenseStageSettings(Position)
{
    public const string TypeName = "fedavg";

    public override string Type => TypeName;

    public override bool IsAggregator => true;
}
