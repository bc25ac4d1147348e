using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The <see cref="TrainerPool"/> protocol over an <see cref="IAsyncTrainer"/> (workers behind a broker): every job is
/// handed on at once and its result piped back to the job's sender, so the actors above it do not change. Nothing
/// runs on the dispatcher but the hand-off.
/// </summary>
public sealed class AsyncTrainerPool : ReceiveActor
{
    public AsyncTrainerPool(IAsyncTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        Receive<RunTrainJob>(message =>
        {
            var replyTo = Sender;
            var self = Self;
            trainer.TrainAsync(message.Job).ContinueWith(
                task => replyTo.Tell(
                    task.IsCompletedSuccessfully
                        ? new TrainJobCompleted(message.JobId, task.Result)
                        : new TrainJobFailed(message.JobId, Reason(task)),
                    self),
                TaskScheduler.Default);
        });
        Receive<RunEvalJob>(message =>
        {
            var replyTo = Sender;
            var self = Self;
            trainer.EvaluateAsync(message.Job).ContinueWith(
                task => replyTo.Tell(
                    task.IsCompletedSuccessfully
                        ? new EvalJobCompleted(message.JobId, task.Result)
                        : new EvalJobFailed(message.JobId, Reason(task)),
                    self),
                TaskScheduler.Default);
        });
    }

    public static Props Props(IAsyncTrainer trainer) => Actors.Props.Create(() => new AsyncTrainerPool(trainer));

    private static string Reason(Task task) =>
        task.Exception?.InnerException?.Message ?? task.Exception?.Message ?? "the job was cancelled";
}
