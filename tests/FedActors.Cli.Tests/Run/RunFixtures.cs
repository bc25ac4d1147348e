using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Tests.Run;

/// <summary>Hand-made round reports and results for the writer tests.</summary>
internal static class RunFixtures
{
    public const string ConfigJson = """{"fedactors":{"run":{"name":"unit","rounds":3}}}""";

    public static RoundReport Report(int round, double accuracy, double? asr) => new(
        round,
        accuracy,
        [accuracy, accuracy / 2, 1.0],
        asr,
        new Dictionary<string, DetectionCounts> { ["fedavg"] = new(1, 0, 1, 8) },
        [new StealthScore(3, 0.5 + (round * 0.1), 2.0 * round), new StealthScore(7, 0.2, double.NaN)],
        BytesMoved: 1000L * round,
        Received: 10,
        Rejected: round == 2 ? 1 : 0,
        TimedOut: 0,
        ModelHash: $"hash{round}");

    public static Cli.Run.RunResult Result(int rounds = 3)
    {
        var model = new float[] { 1f, -2.5f, 3.25f };
        var reports = Enumerable.Range(1, rounds).Select(r => Report(r, 0.5 + (r * 0.1), 0.9 - (r * 0.2))).ToList();
        return new Cli.Run.RunResult("unit", ModelHash.Sha256(model), model, reports, TimeSpan.FromSeconds(12.5));
    }
}
