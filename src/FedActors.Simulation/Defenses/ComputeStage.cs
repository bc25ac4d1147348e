using FedActors.Actors;

namespace FedActors.Simulation;

/// <summary>
/// A defense stage whose verdict is a function of the round's inputs alone (no protocol of its own, no state across
/// rounds): FedAvg, the robust aggregators, Krum, the norm and distance checks.
/// </summary>
public interface IStageLogic
{
    /// <summary>The stage's type as written in the pipeline.</summary>
    string Name { get; }

    /// <summary>The stage's reply to <paramref name="run"/>; an <see cref="ArgumentException"/> becomes <see cref="StageFailed"/>.</summary>
    StageDone Run(RunStage run);
}

/// <summary>The actor around an <see cref="IStageLogic"/>: it answers each <see cref="RunStage"/> with the logic's verdict.</summary>
public sealed class ComputeStage : ReceiveActor
{
    public ComputeStage(IStageLogic logic)
    {
        ArgumentNullException.ThrowIfNull(logic);
        Receive<RunStage>(run =>
        {
            // The math over full parameter vectors runs as a task, off this actor's turn on the dispatcher; the verdict
            // (or an ArgumentException's message) goes straight to the asker. Any other exception comes back here and
            // fails this actor, as it would have thrown in the handler.
            var replyTo = Sender;
            var self = Self;
            Task.Run(() =>
            {
                try
                {
                    replyTo.Tell(logic.Run(run), self);
                }
                catch (ArgumentException e)
                {
                    replyTo.Tell(new StageFailed(run.Round, logic.Name, e.Message), self);
                }
            }).ContinueWith(task => self.Tell(new Crashed(task.Exception!.GetBaseException()), self), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        });
        Receive<Crashed>(crashed => throw new InvalidOperationException($"stage {logic.Name} failed: {crashed.Error.Message}", crashed.Error));
    }

    public static Props Props(IStageLogic logic) => Actors.Props.Create(() => new ComputeStage(logic));

    private sealed record Crashed(Exception Error);
}
