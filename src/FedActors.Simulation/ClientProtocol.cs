using FedActors.Torch;

namespace FedActors.Simulation;

// A ClientActor receives the aggregator's TrainRequest (AggregatorProtocol.cs) and the TrainerPool's replies
// (TrainerPoolProtocol.cs); a malicious client hands the request on as MemberTrainRequest (AttackerCoalitionProtocol.cs).
// As an evaluator it answers EvaluateRequest (EvaluatorProtocol.cs).
// As an evaluator it answers EvaluateRequest (EvaluatorProtocol.cs).

/// <summary>What a <see cref="ClientActor"/> keeps for the whole run: its id, its shard of <paramref name="Dataset"/>, the model it trains and the run seed its RNG streams derive from.</summary>
/// <param name="Indices">The client's samples: indices into the dataset registered with the trainer.</param>
public sealed record ClientSetup(int ClientId, string Dataset, IReadOnlyList<int> Indices, ModelSpec Model, ulong RunSeed)
{
    /// <summary>The Laplace masking the client applies to the update it submits (off by default).</summary>
    public MaskingSettings Masking { get; init; } = MaskingSettings.Off;
}
