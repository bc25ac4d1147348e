using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FedActors.Actors;
using FedActors.Cli.Commands;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Tests.Run;

public sealed class RunCommandTests
{
    private const string Conf = """
        fedactors {
          run { name = cmd, rounds = 2, clients = 10, clients-per-round = 3 }
          data { name = synthetic }
          model { name = mlp, hidden = [8] }
          trainer { workers = 1 }
          persistence { journal = in-memory }
        }
        """;

    [Fact]
    public void WritesTheResultsAndPrintsASummary()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("cmd.conf", Conf);
        var output = Path.Combine(dir.Path, "out");

        var (code, stdout, stderr) = Run("run", conf, "--out", output, "--set", "fedactors.run.seed=3");

        Assert.True(code == 0, stderr);
        Assert.Contains("finalModelSha256", stdout, StringComparison.Ordinal);
        Assert.Contains(output, stdout, StringComparison.Ordinal);
        Assert.Contains("round 2/2", stderr, StringComparison.Ordinal);
        var resident = Regex.Match(stderr, @"round 2/2 .*  resident (\d+) MiB");
        Assert.True(resident.Success, stderr);

        // The run holds the runtime, libtorch and its data: more than 10 MiB, and less than a TiB.
        Assert.InRange(long.Parse(resident.Groups[1].Value, CultureInfo.InvariantCulture), 10, 1L << 20);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal(3, json.RootElement.GetProperty("config").GetProperty("fedactors").GetProperty("run").GetProperty("seed").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("rounds").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(output, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void ABadSettingIsOneLineWithItsPositionAndExitCode2()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("bad.conf", "fedactors.run.rounds = 0\n");

        var (code, _, stderr) = Run("run", conf, "--out", Path.Combine(dir.Path, "out"));

        Assert.Equal(ExitCodes.ConfigurationError, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"bad\.conf:1:\d+: fedactors\.run\.rounds", line);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
    }

    [Fact]
    public void AModelThatCannotTakeTheDataFailsBeforeAnyTrainingWithOneLine()
    {
        // Arrange: kdd-fc takes KDD Cup 99's 122 features, not the synthetic data's 1x8x8 images.
        using var dir = new TempDirectory();
        var conf = dir.Write("mismatch.conf", Conf.Replace("model { name = mlp, hidden = [8] }", "model { name = kdd-fc }", StringComparison.Ordinal));

        // Act
        var (code, _, stderr) = Run("run", conf, "--out", Path.Combine(dir.Path, "out"));

        // Assert
        Assert.Equal(1, code);
        Assert.Equal(
            "run: model.name = kdd-fc takes samples of 122, but data.name = synthetic has samples of 1x8x8: choose a model for this data (`fedactors models` lists them)",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
    }

    [Theory]
    [InlineData("quickstart.conf", 100, 10, 10)]
    [InlineData("thousand-clients.conf", 1000, 100, 100)]
    public void TheShippedExperimentsAreValid(string name, int clients, int perRound, int malicious)
    {
        var file = Path.Combine(RepositoryRoot(), "hocon", name);

        var settings = SimulationSettings.FromConfig(ConfigLoader.Load(file, [], withReference: true));

        Assert.Equal("mnist", settings.Data.Name);
        Assert.Equal(clients, settings.Run.Clients);
        Assert.Equal(perRound, settings.Run.ClientsPerRound);
        Assert.Equal(AttackKind.LabelFlip, settings.Attack.Kind);
        Assert.Equal(malicious, settings.Attack.MaliciousClients);
        Assert.Equal(new LabelFlipSettings(1, 5, 1.0), settings.Attack.LabelFlip);
        Assert.IsType<FedAvgStageSettings>(Assert.Single(settings.Defense.Pipeline));
    }

    [Fact]
    public void TheDistributedFlipExperimentIsValid()
    {
        var file = Path.Combine(RepositoryRoot(), "hocon", "experiments", "distributed-flip-mnist.conf");
        string[] overrides = ["fedactors.attack.malicious-clients=3", "fedactors.attack.distributed-flip.budget=500"];

        var settings = SimulationSettings.FromConfig(ConfigLoader.Load(file, overrides, withReference: true));

        Assert.Equal("mnist", settings.Data.Name);
        Assert.Equal([6, 2], settings.Data.Labels);
        Assert.Equal("per-label", settings.Data.Partition.Kind);
        Assert.Equal((10, 10), (settings.Run.Clients, settings.Run.ClientsPerRound));
        Assert.Equal(AttackKind.DistributedFlip, settings.Attack.Kind);
        Assert.Equal(3, settings.Attack.MaliciousClients);
        Assert.Equal(new DistributedFlipSettings(6, 2, 500), settings.Attack.DistributedFlip);
    }

    [Theory]
    [InlineData("multi-party-boost", 2, "perfect")]
    [InlineData("multi-party-boost", 2, "limited")]
    [InlineData("snal2", 1, "perfect")]
    [InlineData("sanodc", 1, "perfect")]
    public void TheMultipartyBoostExperimentIsValidInEachVariant(string type, int malicious, string knowledge)
    {
        var file = Path.Combine(RepositoryRoot(), "hocon", "experiments", "multiparty-boost-mnist.conf");
        string[] overrides =
        [
            $"fedactors.attack.malicious-clients={malicious}",
            $"fedactors.attack.model-poisoning.type={type}",
            $"fedactors.attack.model-poisoning.knowledge={knowledge}",
        ];

        var settings = SimulationSettings.FromConfig(ConfigLoader.Load(file, overrides, withReference: true));

        Assert.Equal((10, 10), (settings.Run.Clients, settings.Run.ClientsPerRound));
        Assert.Equal(new DistributedFlipSettings(5, 7, 1048), settings.Attack.DistributedFlip);
        Assert.Equal(malicious, settings.Attack.MaliciousClients);
        Assert.Equal(knowledge == "limited" ? AttackKnowledge.Limited : AttackKnowledge.Perfect, settings.Attack.ModelPoisoning.Knowledge);
        Assert.Equal([1.0, 2, 3, 5, 8, 10], settings.Attack.ModelPoisoning.Lambdas);
        Assert.Equal(4.0, settings.Attack.ModelPoisoning.L2Bound);
    }

    [Theory]
    [InlineData("sniper-mnist.conf", "sniper", "mnist")]
    [InlineData("krum-foolsgold-mnist.conf", "krum", "mnist")]
    [InlineData("auror-mnist.conf", "auror", "mnist")]
    [InlineData("crossval-mnist.conf", "cross-validation", "mnist")]
    [InlineData("pdgan-mnist.conf", "pdgan", "mnist")]
    [InlineData("pdgan-fashion.conf", "pdgan", "fashion-mnist")]
    public void TheDefenseExperimentsAreValid(string name, string firstStage, string dataset)
    {
        var file = Path.Combine(RepositoryRoot(), "hocon", "experiments", name);

        var settings = SimulationSettings.FromConfig(ConfigLoader.Load(file, [], withReference: true));

        Assert.Equal(dataset, settings.Data.Name);
        Assert.Equal(firstStage, settings.Defense.Pipeline[0].Type);
        Assert.True(settings.Defense.Pipeline[^1].IsAggregator);
        Assert.True(settings.Attack.MaliciousClients > 0);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hocon", "reference.conf")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("hocon/reference.conf not found above the test binaries");
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { RunCommand.Create(FakeAggregatorProps) };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static Props FakeAggregatorProps(AggregatorSetup setup, IReadOnlyList<IActorRef> clients, IActorRef pool, ModelStore models, IActorRef listener) =>
        Props.Create(() => new FakeAggregator(setup, listener));

    private sealed class FakeAggregator : ReceiveActor
    {
        public FakeAggregator(AggregatorSetup setup, IActorRef listener)
        {
            Receive<StartRun>(_ =>
            {
                var reports = Enumerable.Range(0, setup.Settings.Run.Rounds).Select(r => RunFixtures.Report(r, 0.5, null)).ToList();
                foreach (var report in reports)
                {
                    listener.Tell(new RoundCompleted(report), Self);
                }

                listener.Tell(new RunFinished(ModelHash.Sha256(setup.InitialModel), setup.InitialModel, reports), Self);
            });
        }
    }
}
