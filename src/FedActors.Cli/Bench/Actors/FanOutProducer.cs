using FedActors.Actors;

namespace FedActors.Cli.Bench.Actors;

/// <summary>
/// Sends a ball to each of its targets, one round per message to itself, so that the targets run between rounds
/// (as an aggregator broadcasting to its clients) rather than after one long burst.
/// </summary>
internal sealed class FanOutProducer : ReceiveActor
{
    private readonly IActorRef[] _targets;
    private int _roundsLeft;

    public FanOutProducer(IActorRef[] targets)
    {
        _targets = targets;
        Receive<StartFanOut>(HandleStart);
        Receive<ProduceRound>(HandleProduceRound);
    }

    public static Props Props(IActorRef[] targets) => FedActors.Actors.Props.Create(() => new FanOutProducer(targets));

    private void HandleStart(StartFanOut start)
    {
        // Each target learns its quota before its first ball: messages from one sender arrive in order.
        var expect = new ExpectBalls(start.Rounds, start.Done);
        foreach (var target in _targets)
        {
            target.Tell(expect, Self);
        }

        _roundsLeft = start.Rounds;
        Self.Tell(ProduceRound.Instance, Self);
    }

    private void HandleProduceRound(ProduceRound produce)
    {
        foreach (var target in _targets)
        {
            target.Tell(Ball.Instance, Self);
        }

        if (--_roundsLeft > 0)
        {
            Self.Tell(produce, Self);
        }
    }
}
