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
        // Task.Run: whatever a trainer does before its first await (hashing and signing the job) runs off the dispatcher.
        Receive<RunTrainJob>(message => Pipe(
            Task.Run(() => trainer.TrainAsync(message.Job)), r => new TrainJobCompleted(message.JobId, r), reason => new TrainJobFailed(message.JobId, reason)));
        Receive<RunEvalJob>(message => Pipe(
            Task.Run(() => trainer.EvaluateAsync(message.Job)), r => new EvalJobCompleted(message.JobId, r), reason => new EvalJobFailed(message.JobId, reason)));
    }

    public static Props Props(IAsyncTrainer trainer) => Actors.Props.Create(() => new AsyncTrainerPool(trainer));

    /// <summary>Sends the job's sender its completion or failure when <paramref name="task"/> ends.</summary>
    private void Pipe<T>(Task<T> task, Func<T, object> completed, Func<string, object> failed)
    {
        var replyTo = Sender;
        var self = Self;
        task.ContinueWith(
            t => replyTo.Tell(t.IsCompletedSuccessfully ? completed(t.Result) : failed(Reason(t)), self),
            TaskScheduler.Default);
    }

    private static string Reason(Task task) =>
        task.Exception?.InnerException?.Message ?? task.Exception?.Message ?? "the job was cancelled";
}
