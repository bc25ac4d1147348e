using FedActors.Torch;

namespace FedActors.Simulation;

// A ClientActor in its evaluator role (client-side cross-validation, ARCHITECTURE §6) answers EvaluateRequest with
// EvaluationReport or EvaluationFailed, evaluating through the TrainerPool (TrainerPoolProtocol.cs).

/// <summary>
/// Asks a client to evaluate a model on its own shard; <paramref name="ModelRef"/> is the model's SHA-256 in the
/// <see cref="ModelStore"/>.
/// </summary>
public sealed record EvaluateRequest(int Round, long RequestId, string ModelRef);

/// <summary>A client's reply to <see cref="EvaluateRequest"/>: the model's confusion matrix over the client's shard.</summary>
public sealed record EvaluationReport(int Round, long RequestId, int ClientId, ConfusionMatrix Confusion);

/// <summary>A client's reply to <see cref="EvaluateRequest"/> when the evaluation threw; <paramref name="Reason"/> is the exception's message.</summary>
public sealed record EvaluationFailed(int Round, long RequestId, int ClientId, string Reason);
