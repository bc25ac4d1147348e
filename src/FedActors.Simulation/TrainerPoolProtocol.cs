using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Asks the <see cref="TrainerPool"/> to run <paramref name="Job"/>; the reply carries <paramref name="JobId"/>.</summary>
public sealed record RunTrainJob(long JobId, TrainJob Job);

/// <summary>The pool's reply to <see cref="RunTrainJob"/> when training succeeded.</summary>
public sealed record TrainJobCompleted(long JobId, TrainResult Result);

/// <summary>The pool's reply to <see cref="RunTrainJob"/> when training threw; <paramref name="Reason"/> is the exception's message.</summary>
public sealed record TrainJobFailed(long JobId, string Reason);

/// <summary>Asks the <see cref="TrainerPool"/> to run <paramref name="Job"/>; the reply carries <paramref name="JobId"/>.</summary>
public sealed record RunEvalJob(long JobId, EvalJob Job);

/// <summary>The pool's reply to <see cref="RunEvalJob"/> when evaluation succeeded.</summary>
public sealed record EvalJobCompleted(long JobId, EvalResult Result);

/// <summary>The pool's reply to <see cref="RunEvalJob"/> when evaluation threw; <paramref name="Reason"/> is the exception's message.</summary>
public sealed record EvalJobFailed(long JobId, string Reason);

/// <summary>A pool worker took a job off the queue, so the queue has room for one from the backlog.</summary>
internal sealed record QueueSlotFreed
{
    public static readonly QueueSlotFreed Instance = new();

    private QueueSlotFreed()
    {
    }
}
