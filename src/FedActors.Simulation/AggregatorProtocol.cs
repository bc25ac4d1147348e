using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Asks a client to train on the global model of <paramref name="Round"/>; <paramref name="ModelRef"/> is the model's
/// SHA-256 in the content-addressed blob store.
/// </summary>
public sealed record TrainRequest(int Round, long RequestId, string ModelRef, TrainingHyperParameters Hyper);

/// <summary>A client's reply to <see cref="TrainRequest"/>: its update Δ = w_local − w_global, trained on <paramref name="NumSamples"/> samples.</summary>
public sealed record UpdateSubmitted(int Round, long RequestId, int ClientId, long NumSamples, float[] Update) : IAggregatorCommand;

/// <summary>A client's reply to <see cref="TrainRequest"/> when its training job failed (for instance a cluster job dead-lettered after its workers died); the aggregator journals it as a rejection with <paramref name="Reason"/>.</summary>
public sealed record TrainingFailed(int Round, long RequestId, int ClientId, string Reason) : IAggregatorCommand;

/// <summary>The aggregator's self-scheduled deadline for <paramref name="Round"/>: clients still owed are timed out.</summary>
public sealed record RoundDeadline(int Round) : IAggregatorCommand;
