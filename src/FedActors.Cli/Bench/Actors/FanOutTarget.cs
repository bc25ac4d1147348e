using FedActors.Actors;

namespace FedActors.Cli.Bench.Actors;

/// <summary>Counts the balls it receives and signals when it has had the number it was told to expect.</summary>
internal sealed class FanOutTarget : ReceiveActor
{
    private long _remaining;
    private CountdownEvent? _done;

    public FanOutTarget()
    {
        Receive<ExpectBalls>(HandleExpect);
        Receive<Ball>(HandleBall);
    }

    public static Props Props() => FedActors.Actors.Props.Create(() => new FanOutTarget());

    private void HandleExpect(ExpectBalls expect)
    {
        _remaining = expect.Count;
        _done = expect.Done;
    }

    private void HandleBall(Ball ball)
    {
        if (--_remaining == 0)
        {
            _done!.Signal();
        }
    }
}
