using FedActors.Actors;
using FedActors.Simulation;

namespace FedActors.Cli.Run;

/// <summary>
/// Receives the aggregator's <see cref="RoundCompleted"/>, <see cref="RunFinished"/> and <see cref="RunFailed"/> and hands them to the runner
/// (outside the actor system); a stopped aggregator fails the run instead of leaving it waiting.
/// </summary>
internal sealed class RunListener : ReceiveActor
{
    private IActorRef? _aggregator;

    public RunListener(Action<RoundReport> onRound, TaskCompletionSource<RunFinished> finished)
    {
        Receive<WatchAggregator>(watch =>
        {
            _aggregator = watch.Aggregator;
            Context.Watch(watch.Aggregator);
        });
        Receive<RoundCompleted>(completed => onRound(completed.Report));
        Receive<RunFinished>(done => finished.TrySetResult(done));
        Receive<RunFailed>(failed => finished.TrySetException(new InvalidOperationException(failed.Reason)));
        Receive<Terminated>(terminated =>
        {
            if (Equals(terminated.ActorRef, _aggregator))
            {
                finished.TrySetException(new InvalidOperationException("the aggregator stopped before the run finished"));
            }
        });
    }

    public static Props Props(Action<RoundReport> onRound, TaskCompletionSource<RunFinished> finished) =>
        Actors.Props.Create(() => new RunListener(onRound, finished));

    /// <summary>Tells the listener which actor to watch.</summary>
    public sealed record WatchAggregator(IActorRef Aggregator);
}
