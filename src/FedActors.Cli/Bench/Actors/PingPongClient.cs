using FedActors.Actors;

namespace FedActors.Cli.Bench.Actors;

/// <summary>
/// One side of a ping-pong pair (as Akka.NET's ping-pong benchmark): keeps a number of balls in flight to its
/// <see cref="EchoActor"/> and sends each returning ball out again until it has sent <c>Repeat</c>; signals when all
/// have come back. A run of <c>Repeat</c> moves 2 × <c>Repeat</c> messages.
/// </summary>
internal sealed class PingPongClient : ReceiveActor
{
    private readonly IActorRef _echo;
    private long _repeat;
    private long _sent;
    private long _received;
    private CountdownEvent? _done;

    public PingPongClient(IActorRef echo)
    {
        _echo = echo;
        Receive<StartPingPong>(HandleStart);
        Receive<Ball>(HandleBall);
    }

    public static Props Props(IActorRef echo) => FedActors.Actors.Props.Create(() => new PingPongClient(echo));

    private void HandleStart(StartPingPong start)
    {
        _repeat = start.Repeat;
        _sent = 0;
        _received = 0;
        _done = start.Done;
        for (var i = 0; i < start.InFlight && _sent < _repeat; i++)
        {
            _echo.Tell(Ball.Instance, Self);
            _sent++;
        }
    }

    private void HandleBall(Ball ball)
    {
        _received++;
        if (_sent < _repeat)
        {
            Sender.Tell(ball, Self);
            _sent++;
        }
        else if (_received == _repeat)
        {
            _done!.Signal();
        }
    }
}
