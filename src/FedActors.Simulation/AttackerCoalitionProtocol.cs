using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>What the <see cref="AttackerCoalition"/> needs to train for its members and to poison their training.</summary>
/// <param name="Dataset">The registered training set the members' shards index into (honest training uses it).</param>
/// <param name="Timing">The rounds in which the members attack; in the others they train honestly.</param>
/// <param name="Poisoning">The data poisoning the members run in attacking rounds, or null when the coalition runs none.</param>
public sealed record CoalitionSetup(string Dataset, ModelSpec Model, ulong RunSeed, AttackTiming Timing, IDataPoisoning? Poisoning)
{
    /// <summary>The Laplace masking every member applies to its submitted update, like every benign client.</summary>
    public MaskingSettings Masking { get; init; } = MaskingSettings.Off;
}

/// <summary>
/// A malicious client hands the aggregator's <paramref name="Request"/> to the coalition, which decides what the
/// member submits and replies <see cref="UpdateSubmitted"/> to <paramref name="ReplyTo"/> itself.
/// </summary>
/// <param name="Indices">The member's shard: indices into the coalition's dataset.</param>
public sealed record MemberTrainRequest(int ClientId, IReadOnlyList<int> Indices, TrainRequest Request, IActorRef ReplyTo);
