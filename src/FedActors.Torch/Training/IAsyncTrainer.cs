namespace FedActors.Torch;

/// <summary>
/// Runs training and evaluation jobs somewhere else (worker processes behind a broker): the task completes when the
/// result arrives, and faults with the reason when the job failed there.
/// </summary>
public interface IAsyncTrainer
{
    Task<TrainResult> TrainAsync(TrainJob job, CancellationToken cancellationToken = default);

    Task<EvalResult> EvaluateAsync(EvalJob job, CancellationToken cancellationToken = default);
}
