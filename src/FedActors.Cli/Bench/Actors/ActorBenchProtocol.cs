namespace FedActors.Cli.Bench.Actors;

/// <summary>The message the throughput cases pass around: one shared instance, so a Tell allocates only what the kernel does.</summary>
internal sealed record Ball
{
    public static readonly Ball Instance = new();
}

/// <summary>To a <see cref="PingPongClient"/>: put <paramref name="InFlight"/> balls in play and bounce until <paramref name="Repeat"/> came back.</summary>
internal sealed record StartPingPong(long Repeat, int InFlight, CountdownEvent Done);

/// <summary>To a <see cref="FanOutProducer"/>: send <paramref name="Rounds"/> balls to each target.</summary>
internal sealed record StartFanOut(int Rounds, CountdownEvent Done);

/// <summary>To a <see cref="FanOutTarget"/>, before the balls: signal <paramref name="Done"/> after <paramref name="Count"/> of them.</summary>
internal sealed record ExpectBalls(long Count, CountdownEvent Done);

/// <summary>A <see cref="FanOutProducer"/>'s note to itself: send the next round.</summary>
internal sealed record ProduceRound
{
    public static readonly ProduceRound Instance = new();
}
