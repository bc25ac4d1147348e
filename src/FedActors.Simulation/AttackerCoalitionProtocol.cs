using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>What the <see cref="AttackerCoalition"/> needs to train for its members and to poison their training.</summary>
/// <param name="DatasetLabels">The labels of the whole training dataset the members' indices point into.</param>
/// <param name="StartRound">The first round in which the members attack; before it they train honestly.</param>
/// <param name="LabelFlip">The label-flip attack, or null when the coalition runs none.</param>
public sealed record CoalitionSetup(string Dataset, IReadOnlyList<int> DatasetLabels, ModelSpec Model, ulong RunSeed, int StartRound, LabelFlipSettings? LabelFlip);

/// <summary>
/// A malicious client hands the aggregator's <paramref name="Request"/> to the coalition, which decides what the
/// member submits and replies <see cref="UpdateSubmitted"/> to <paramref name="ReplyTo"/> itself.
/// </summary>
/// <param name="Indices">The member's shard: indices into the coalition's dataset.</param>
public sealed record MemberTrainRequest(int ClientId, IReadOnlyList<int> Indices, TrainRequest Request, IActorRef ReplyTo);
