using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Asks a client to train on the global model of <paramref name="Round"/>; <paramref name="ModelRef"/> is the model's
/// SHA-256 in the content-addressed blob store.
/// </summary>
public sealed record TrainRequest(int Round, long RequestId, string ModelRef, TrainingHyperParameters Hyper);

/// <summary>A client's reply to <see cref="TrainRequest"/>: its update Δ = w_local − w_global, trained on <paramref name="NumSamples"/> samples.</summary>
public sealed record UpdateSubmitted(int Round, long RequestId, int ClientId, long NumSamples, float[] Update) : IAggregatorCommand
{
    /// <summary>
    /// The SHA-256 of <see cref="Update"/> (lowercase hex of its little-endian float32 bytes), as the client actor that
    /// submits it computed it, or null. The aggregator journals it with the update instead of hashing the update
    /// itself: a round's thousand updates are then hashed by their clients side by side, not in turn by the one
    /// aggregator. Client and aggregator share the process and the array (the simulator's own bookkeeping, not a
    /// protocol message a client could forge); with null, the aggregator hashes the update.
    /// </summary>
    public string? Sha256 { get; init; }
}

/// <summary>A client's reply to <see cref="TrainRequest"/> when its training job failed (for instance a cluster job dead-lettered after its workers died); the aggregator journals it as a rejection with <paramref name="Reason"/>.</summary>
public sealed record TrainingFailed(int Round, long RequestId, int ClientId, string Reason) : IAggregatorCommand;

/// <summary>The aggregator's self-scheduled deadline for <paramref name="Round"/>: clients still owed are timed out.</summary>
public sealed record RoundDeadline(int Round) : IAggregatorCommand;
