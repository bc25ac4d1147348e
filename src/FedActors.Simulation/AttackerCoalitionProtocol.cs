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

    /// <summary>What the coalition does to its members' trained updates in attacking rounds.</summary>
    public ModelPoisoningSettings ModelPoisoning { get; init; } = ModelPoisoningSettings.None;

    /// <summary>The federation as the coalition's knowledge sees it: needed for scaling and boosting.</summary>
    public CoalitionFederation? Federation { get; init; }
}

/// <summary>What a coalition that scales or boosts knows of the federation (perfect knowledge of the protocol).</summary>
/// <param name="TrainLabels">The true labels of <see cref="CoalitionSetup.Dataset"/>, to tell a member's poisoned samples (D_tar) from its honest ones.</param>
/// <param name="RoundTimeout">How long the coalition waits for a round's replies before it boosts with what it has.</param>
public sealed record CoalitionFederation(
    int Clients,
    int ClientsPerRound,
    IReadOnlySet<int> Malicious,
    double ServerLearningRate,
    Weighting Weighting,
    IReadOnlyList<int> TrainLabels,
    TimeSpan RoundTimeout);

/// <summary>
/// A malicious client hands the aggregator's <paramref name="Request"/> to the coalition, which decides what the
/// member submits and replies <see cref="UpdateSubmitted"/> to <paramref name="ReplyTo"/> itself.
/// </summary>
/// <param name="Indices">The member's shard: indices into the coalition's dataset.</param>
public sealed record MemberTrainRequest(int ClientId, IReadOnlyList<int> Indices, TrainRequest Request, IActorRef ReplyTo);

/// <summary>
/// From the aggregator to the coalition: a selected benign client's reply in <paramref name="Round"/>, its update
/// once validated, or null when it was rejected or timed out (so the coalition stops waiting for it).
/// </summary>
public sealed record BenignReplyObserved(int Round, int ClientId, long NumSamples, float[]? Update);
