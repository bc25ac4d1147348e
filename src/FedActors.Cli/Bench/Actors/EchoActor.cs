using FedActors.Actors;

namespace FedActors.Cli.Bench.Actors;

/// <summary>Sends every ball back to its sender.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor()
    {
        Receive<Ball>(HandleBall);
    }

    public static Props Props() => FedActors.Actors.Props.Create(() => new EchoActor());

    private void HandleBall(Ball ball) => Sender.Tell(ball, Self);
}
