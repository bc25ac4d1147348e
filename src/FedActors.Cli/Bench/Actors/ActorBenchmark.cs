using System.Globalization;
using FedActors.Actors;

namespace FedActors.Cli.Bench.Actors;

/// <summary>
/// <c>bench actors</c>: the kernel's message throughput (ping-pong pairs, fan-out to many actors), the memory of an
/// idle actor and the time to spawn many. Goals (ARCHITECTURE §3): ≤ 2 KB per idle actor at 100,000 actors, ≥ 5 million
/// messages per second in aggregate.
/// </summary>
internal sealed class ActorBenchmark : IBenchmark
{
    private const string MessagesPerSecond = "messages-per-second";

    public string Name => "actors";

    public string Description =>
        $"Actor kernel: messages-per-second for ping-pong (1 and {ActorBenchSizes.ManyPairs} pairs, {ActorBenchSizes.Full.InFlight} in flight each) "
        + $"and fan-out to {ActorBenchSizes.FanOutTargets} actors; bytes-per-actor and spawn-seconds for 100,000 and 1,000,000 idle actors.";

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        var sizes = context.Quick ? ActorBenchSizes.Quick : ActorBenchSizes.Full;
        var plan = IterationPlan.For(context);

        yield return Row("ping-pong", MessagesPerSecond, PingPong(context, plan, sizes, pairs: 1, "ping-pong"), "msg/s");
        yield return Row($"ping-pong-x{ActorBenchSizes.ManyPairs}", MessagesPerSecond,
            PingPong(context, plan, sizes, ActorBenchSizes.ManyPairs, $"ping-pong-x{ActorBenchSizes.ManyPairs}"), "msg/s");
        yield return Row($"fan-out-{ActorBenchSizes.FanOutTargets}", MessagesPerSecond, FanOut(context, plan, sizes), "msg/s");

        foreach (var count in sizes.IdleCounts)
        {
            var runs = Enumerable.Range(0, count == sizes.IdleCounts[0] ? sizes.SpawnRepeats : 1)
                .Select(_ => IdleActors.Spawn(context, count, sizes.Timeout))
                .ToList();
            var label = count.ToString(CultureInfo.InvariantCulture);
            yield return Row(label, "bytes-per-actor", Measure.Median(runs.Select(r => r.BytesPerActor).ToList()), "B");
            yield return Row(label, "spawn-seconds", Measure.Median(runs.Select(r => r.SpawnSeconds).ToList()), "s");
        }
    }

    private BenchRow Row(string @case, string metric, double value, string unit) => new(Name, @case, metric, value, unit);

    private static double PingPong(BenchContext context, IterationPlan plan, ActorBenchSizes sizes, int pairs, string label)
    {
        using var system = NewSystem(context, "bench-ping-pong");
        var clients = Enumerable.Range(0, pairs)
            .Select(_ => system.ActorOf(PingPongClient.Props(system.ActorOf(EchoActor.Props()))))
            .ToArray();

        // The same number of messages per iteration whatever the number of pairs.
        var repeat = Math.Max(1, sizes.PingPongRepeat / pairs);
        return Measure.MedianRate(context, $"actors {label}", plan, () =>
        {
            using var done = new CountdownEvent(pairs);
            var start = new StartPingPong(repeat, sizes.InFlight, done);
            foreach (var client in clients)
            {
                client.Tell(start, ActorRefs.NoSender);
            }

            Measure.Await(done, sizes.Timeout, label);
            return 2 * repeat * pairs;
        });
    }

    private static double FanOut(BenchContext context, IterationPlan plan, ActorBenchSizes sizes)
    {
        using var system = NewSystem(context, "bench-fan-out");
        var targets = Enumerable.Range(0, ActorBenchSizes.FanOutTargets).Select(_ => system.ActorOf(FanOutTarget.Props())).ToArray();
        var producer = system.ActorOf(FanOutProducer.Props(targets));
        return Measure.MedianRate(context, $"actors fan-out-{ActorBenchSizes.FanOutTargets}", plan, () =>
        {
            using var done = new CountdownEvent(targets.Length);
            producer.Tell(new StartFanOut(sizes.FanOutRounds, done), ActorRefs.NoSender);
            Measure.Await(done, sizes.Timeout, "fan-out");
            return (long)sizes.FanOutRounds * targets.Length;
        });
    }

    internal static ActorSystem NewSystem(BenchContext context, string name) =>
        ActorSystem.Create(name, new ActorSystemSettings { LogSink = e => context.Info(e.ToString()) });
}
