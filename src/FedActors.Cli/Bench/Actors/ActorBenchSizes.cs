namespace FedActors.Cli.Bench.Actors;

/// <summary>How big the cases of <c>bench actors</c> are.</summary>
/// <param name="PingPongRepeat">Balls each ping-pong client sends per iteration (an iteration moves twice as many messages).</param>
/// <param name="InFlight">Balls each ping-pong pair keeps in the air, so the case measures throughput rather than latency.</param>
/// <param name="FanOutRounds">Balls the fan-out producer sends to each target per iteration.</param>
/// <param name="IdleCounts">Actor counts of the memory and spawn cases.</param>
/// <param name="SpawnRepeats">Spawn runs for the smallest count (the median is reported); larger counts run once.</param>
internal sealed record ActorBenchSizes(long PingPongRepeat, int InFlight, int FanOutRounds, int[] IdleCounts, int SpawnRepeats)
{
    public const int ManyPairs = 16;

    public const int FanOutTargets = 1000;

    public static ActorBenchSizes Full { get; } = new(1_000_000, 100, 2_000, new[] { 100_000, 1_000_000 }, 3);

    public static ActorBenchSizes Quick { get; } = new(10_000, 100, 20, new[] { 10_000 }, 1);

    /// <summary>How long any one wait for actors may take before the benchmark gives up.</summary>
    public TimeSpan Timeout { get; } = TimeSpan.FromSeconds(120);
}
