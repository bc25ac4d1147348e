using FedActors.Actors;

namespace FedActors.Cli.Bench.Actors;

/// <summary>
/// What an idle actor costs: a <see cref="ReceiveActor"/> with one handler and no state. It signals a shared latch
/// when started and another when stopped, so the benchmark knows every actor has run its <c>PreStart</c>.
/// </summary>
internal sealed class IdleActor : ReceiveActor
{
    private readonly CountdownEvent _started;
    private readonly CountdownEvent _stopped;

    public IdleActor(CountdownEvent started, CountdownEvent stopped)
    {
        _started = started;
        _stopped = stopped;
        Receive<Ball>(HandleBall);
    }

    /// <summary>One Props for all the actors of a run, so the Props itself is not counted per actor.</summary>
    public static Props Props(CountdownEvent started, CountdownEvent stopped) =>
        FedActors.Actors.Props.Create(() => new IdleActor(started, stopped));

    protected override void PreStart() => _started.Signal();

    protected override void PostStop() => _stopped.Signal();

    private void HandleBall(Ball ball)
    {
    }
}
