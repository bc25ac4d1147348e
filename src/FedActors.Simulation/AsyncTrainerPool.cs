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
        Receive<RunTrainJob>(message => Task.Run(() => trainer.TrainAsync(message.Job)).PipeTo(
            Sender, Self, r => new TrainJobCompleted(message.JobId, r), e => new TrainJobFailed(message.JobId, Reason(e))));
        Receive<RunEvalJob>(message => Task.Run(() => trainer.EvaluateAsync(message.Job)).PipeTo(
            Sender, Self, r => new EvalJobCompleted(message.JobId, r), e => new EvalJobFailed(message.JobId, Reason(e))));
    }

    public static Props Props(IAsyncTrainer trainer) => Actors.Props.Create(() => new AsyncTrainerPool(trainer));

    private static string Reason(Exception error) => error is TaskCanceledException ? "the job was cancelled" : error.Message;
}
