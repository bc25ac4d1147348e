using System.Collections.Concurrent;
using FedActors.Actors;
using FedActors.Cli.Run;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Tests.Run;

public sealed class SimulationRunnerTests
{
    private const string Conf = """
        fedactors {
          run { name = unit, seed = 7, rounds = 3, clients = 20, clients-per-round = 5, round-timeout = 120s }
          data { name = synthetic }
          model { name = mlp, hidden = [16] }
          trainer { workers = 1 }
          attack { type = label-flip, malicious-clients = 4, label-flip { source = 1, target = 5 } }
          persistence { journal = in-memory }
        }
        """;

    [Fact]
    public async Task RunsTheAggregatorAndCollectsItsReports()
    {
        using var dir = new TempDirectory();
        var settings = SimulationSettings.FromConfig(ConfigLoader.Load(dir.Write("unit.conf", Conf), [], withReference: true));
        AggregatorSetup? seen = null;
        var clientCount = 0;
        var runner = new SimulationRunner((setup, clients, pool, models, listener) =>
        {
            seen = setup;
            clientCount = clients.Count;
            return Props.Create(() => new FakeAggregator(setup, listener));
        });
        var progress = new ConcurrentQueue<int>();

        var run = RunDirectory.Create(Path.Combine(dir.Path, "out"), "unit", "{}");
        var result = await runner.RunAsync(settings, run, report => progress.Enqueue(report.Round));

        Assert.Equal([1, 2, 3], progress.ToArray());
        Assert.Equal([1, 2, 3], result.Rounds.Select(r => r.Round));
        Assert.Equal(20, clientCount);
        Assert.NotNull(seen);
        Assert.Equal(4, seen!.Malicious.Count);
        Assert.All(seen.Malicious, id => Assert.InRange(id, 0, 19));
        Assert.Equal(RunData.SyntheticTest, seen.TestIndices.Count);
        Assert.NotNull(seen.Attack);
        Assert.Equal(("synthetic-test", 5), (seen.Attack!.Dataset, seen.Attack.Target));
        Assert.NotEmpty(seen.Attack.Samples.Indices);
        Assert.Equal(ModelHash.Sha256(seen.InitialModel), result.FinalModelSha256);
        Assert.Equal(0.9, result.FinalAccuracy, 12);
    }

    [Theory]
    [InlineData("pixel-backdoor { target = 3, fraction = 0.5, trigger-size = 2 }", "synthetic-test")]
    [InlineData("semantic-backdoor { source = 1, target = 7, train-members = 4, held-out = 3, variants = 10 }", "synthetic-train")]
    [InlineData("distributed-flip { source = 1, target = 5, budget = 30 }", "synthetic-test")]
    public async Task EveryAttack_GivesTheAggregatorItsEvaluationSet(string attack, string dataset)
    {
        using var dir = new TempDirectory();
        var type = attack[..attack.IndexOf(' ', StringComparison.Ordinal)];
        var conf = Conf.Replace("attack { type = label-flip, malicious-clients = 4, label-flip { source = 1, target = 5 } }", $"attack {{ type = {type}, malicious-clients = 4, {attack} }}", StringComparison.Ordinal);
        var settings = SimulationSettings.FromConfig(ConfigLoader.Load(dir.Write("unit.conf", conf), [], withReference: true));
        AggregatorSetup? seen = null;
        var runner = new SimulationRunner((setup, clients, pool, models, listener) =>
        {
            seen = setup;
            return Props.Create(() => new FakeAggregator(setup, listener));
        });

        await runner.RunAsync(settings, RunDirectory.Create(Path.Combine(dir.Path, "out"), "unit", "{}"));

        var evaluation = seen!.Attack!;
        Assert.Equal(dataset, evaluation.Dataset);
        Assert.NotEmpty(evaluation.Samples.Indices);
        switch (type)
        {
            case "pixel-backdoor":
                Assert.Equal(3, evaluation.Target);
                Assert.All(evaluation.Samples.Triggered!, Assert.True);
                Assert.Equal(2, evaluation.Samples.Trigger!.Height);
                break;
            case "semantic-backdoor":
                Assert.Equal((7, 3), (evaluation.Target, evaluation.Samples.Count));
                break;
            default:
                Assert.Equal(5, evaluation.Target);
                break;
        }
    }

    [Fact]
    public async Task UpdateBuffers_AreReusedRoundAfterRound_SoARunAllocatesOneArrayPerClientInARound()
    {
        // Arrange: the real aggregator, 12 rounds of 5 clients (one a label-flipping attacker's, through the
        // coalition), the trainer renting from a pool of its own.
        using var dir = new TempDirectory();
        var conf = Conf.Replace("rounds = 3", "rounds = 12", StringComparison.Ordinal);
        var settings = SimulationSettings.FromConfig(ConfigLoader.Load(dir.Write("unit.conf", conf), [], withReference: true));
        var pool = new VectorPool(1 << 26);
        var allocated = new ConcurrentQueue<long>();
        var runner = new SimulationRunner(Aggregator.Props, states: pool);

        // Act
        var result = await runner.RunAsync(settings, RunDirectory.Create(Path.Combine(dir.Path, "out"), "unit", "{}"), _ => allocated.Enqueue(pool.Allocated));

        // Assert: the first round's five arrays carry every later round's updates (trained states turned into
        // updates in place, released when the round is over); nothing else was allocated from the pool.
        Assert.Equal(12, result.Rounds.Count);
        Assert.All(allocated, count => Assert.Equal(5, count));
        Assert.Equal(5, pool.Allocated);
        Assert.Equal(5 * 11, pool.Reused);
    }

    [Fact]
    public void MaliciousClientsDependOnlyOnTheSeed()
    {
        var a = SimulationRunner.ChooseMalicious(42, 100, 10);
        var b = SimulationRunner.ChooseMalicious(42, 100, 10);
        var c = SimulationRunner.ChooseMalicious(43, 100, 10);

        Assert.Equal(10, a.Count);
        Assert.Equal(a.Order(), b.Order());
        Assert.NotEqual(a.Order(), c.Order());
    }

    /// <summary>Reports a made-up round per configured round, then finishes with the initial model.</summary>
    private sealed class FakeAggregator : ReceiveActor
    {
        public FakeAggregator(AggregatorSetup setup, IActorRef listener)
        {
            Receive<StartRun>(_ =>
            {
                var reports = new List<RoundReport>();
                for (var round = 1; round <= setup.Settings.Run.Rounds; round++)
                {
                    var report = RunFixtures.Report(round, 0.6 + (round * 0.1), 0.5);
                    reports.Add(report);
                    listener.Tell(new RoundCompleted(report), Self);
                }

                listener.Tell(new RunFinished(ModelHash.Sha256(setup.InitialModel), setup.InitialModel, reports), Self);
            });
        }
    }
}
