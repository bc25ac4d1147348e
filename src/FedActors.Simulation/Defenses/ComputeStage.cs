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
            // The stages' math over full parameter vectors runs on this actor's dispatcher thread for now; issue 11
            // moves heavy work off it.
            StageDone done;
            try
            {
                done = logic.Run(run);
            }
            catch (ArgumentException e)
            {
                Sender.Tell(new StageFailed(run.Round, logic.Name, e.Message), Self);
                return;
            }

            Sender.Tell(done, Self);
        });
    }

    public static Props Props(IStageLogic logic) => Actors.Props.Create(() => new ComputeStage(logic));
}
