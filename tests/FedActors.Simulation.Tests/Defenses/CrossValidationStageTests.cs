using FedActors.Actors;
using FedActors.Actors.TestKit;
using FedActors.Hocon;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class CrossValidationStageTests : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly ModelSpec Model = ModelZoo.Mlp([2], [4], 2);

    [Fact]
    public void Stage_ReportedSubModelWithTheBadUpdate_IsDroppedAndTheRestAveraged()
    {
        // Arrange: 12 real client actors with 10 samples each (5 per class); client 7's update wrecks class 0.
        var (completed, trainer) = RunRound(seed: 5);

        // Assert: the sub-model holding client 7 got 3 reports of 3 (c = 0); its clients are dropped, the others kept.
        var stage = completed.Stages.Single();
        var bad = (int)stage.Diagnostics["sub-model-7"];
        Assert.Equal(4, stage.Diagnostics["sub-models"]);
        Assert.Equal(3, stage.Diagnostics[$"reports-{bad}"]);
        Assert.Equal(0, stage.Diagnostics[$"coefficient-{bad}"]);
        Assert.Equal(0, stage.Diagnostics["missing"]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(3, stage.Diagnostics[$"answered-{i}"]);
            if (i != bad)
            {
                Assert.Equal(0, stage.Diagnostics[$"reports-{i}"]);
                Assert.Equal(1, stage.Diagnostics[$"coefficient-{i}"]);
            }
        }

        var dropped = stage.Decisions.Where(d => !d.Keep).Select(d => d.ClientId).ToList();
        Assert.Equal(3, dropped.Count);
        Assert.Contains(7, dropped);
        Assert.All(dropped, c => Assert.Equal(bad, stage.Diagnostics[$"sub-model-{c}"]));
        Assert.Equal([0.75f, 0f], completed.NewModel); // w + (1/d)·(3 good sub-models of mean [1, 0])
        Assert.Equal(0.0, completed.Coefficients[7]);
        Assert.Equal(0.75, completed.Coefficients.Values.Sum(), 9);

        // Each evaluator judged a sub-model it did not contribute to, on its own shard.
        Assert.All(trainer.Jobs, j => Assert.Equal(10, j.Samples.Count));
    }

    [Fact]
    public void Stage_SameSeed_SameDelegationAndVerdict()
    {
        var (first, _) = RunRound(seed: 9);
        var (second, _) = RunRound(seed: 9);
        var (other, _) = RunRound(seed: 10);

        Assert.Equal(first.Stages[0].Diagnostics, second.Stages[0].Diagnostics);
        Assert.Equal(first.Stages[0].Decisions, second.Stages[0].Decisions);
        Assert.Equal(first.NewModel, second.NewModel);
        var groups = (PipelineCompleted c) => Enumerable.Range(0, 12).Select(k => c.Stages[0].Diagnostics[$"sub-model-{k}"]).ToArray();
        Assert.NotEqual(groups(first), groups(other));
        Assert.Equal([0.75f, 0f], other.NewModel);
    }

    [Fact]
    public void Stage_EvaluatorThatNeverAnswers_CountsAsNoReport()
    {
        // Client 0's actor swallows every request: after the timeout its evaluations count as missing, not as reports.
        // The timeout leaves the other 11 room to answer on a loaded machine.
        var (completed, _) = RunRound(seed: 5, silentClient: 0, timeout: "5s");

        var stage = completed.Stages.Single();
        Assert.Equal(1, stage.Diagnostics["missing"]); // 12 evaluations on 12 clients: each evaluates one sub-model
        Assert.Equal(11, Enumerable.Range(0, 4).Sum(i => stage.Diagnostics[$"answered-{i}"]));
        var dropped = stage.Decisions.Where(d => !d.Keep).Select(d => d.ClientId).ToList();
        Assert.Equal(3, dropped.Count); // r = 2 or 3 of e = 3: c = 0 either way
        Assert.Contains(7, dropped);
    }

    [Fact]
    public void Stage_WithoutClients_FailsWithAClearReason()
    {
        var settings = Settings("evaluation-timeout = 1s");
        var services = new StageServices(TestActor, Model, "server", 20, 3);
        var pipeline = Sys.ActorOf(DefensePipeline.Props(settings, 3, services));

        pipeline.Tell(new RunPipeline(0, [0f, 0f], [new PipelineInput(1, 10, [1f, 0f])]), TestActor);

        var failed = Assert.IsType<PipelineFailed>(ExpectMsg<object>(Timeout));
        Assert.Equal("stage cross-validation failed: cross-validation needs the clients as evaluators; it cannot be replayed", failed.Reason);
    }

    [Fact]
    public void Stage_WithDp_ClipsAndNoisesEachSubModelFromTheSeed()
    {
        // σ = 0 with a bound no update reaches: the sub-models are the plain means, as without dp.
        var (plain, _) = RunRound(seed: 9);
        var (noiseless, _) = RunRound(seed: 9, extra: "dp = on, clip-bound = 1000, sigma = 0");
        var (noisy, _) = RunRound(seed: 9, extra: "dp = on, clip-bound = 1000, sigma = 0.001");
        var (noisyAgain, _) = RunRound(seed: 9, extra: "dp = on, clip-bound = 1000, sigma = 0.001");

        Assert.Equal(plain.NewModel, noiseless.NewModel);
        Assert.NotEqual(plain.NewModel, noisy.NewModel);
        Assert.Equal(noisy.NewModel, noisyAgain.NewModel);
        Assert.Equal(plain.Stages[0].Decisions, noisy.Stages[0].Decisions); // noise of σS = 1 does not hide the bad sub-model
    }

    private (PipelineCompleted Completed, ClassZeroTrainer Trainer) RunRound(ulong seed, int? silentClient = null, string timeout = "20s", string extra = "")
    {
        var trainer = new ClassZeroTrainer();
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 16));
        var models = new ModelStore();
        var clients = Enumerable.Range(0, 12)
            .Select(c => c == silentClient
                ? Sys.ActorOf(Props.Create(() => new SilentActor()))
                : Sys.ActorOf(ClientActor.Props(new ClientSetup(c, "data", Enumerable.Range(10 * c, 10).ToArray(), Model, seed), pool, models)))
            .ToList();
        var services = new StageServices(pool, Model, "server", 20, seed) { Clients = clients, Models = models };
        var pipeline = Sys.ActorOf(DefensePipeline.Props(Settings($"evaluation-timeout = {timeout}{(extra.Length > 0 ? ", " + extra : string.Empty)}"), seed, services));
        var inputs = Enumerable.Range(0, 12).Select(c => new PipelineInput(c, 10, c == 7 ? [-100f, 0f] : [1f, 0f])).ToList();

        pipeline.Tell(new RunPipeline(3, [0f, 0f], inputs), TestActor);

        return (Assert.IsType<PipelineCompleted>(ExpectMsg<object>(Timeout)), trainer);
    }

    private static DefenseSettings Settings(string extra) => DefenseSettings.FromConfig(ConfigurationFactory.ParseString(
        $"fedactors.defense.pipeline = [{{ type = cross-validation, sub-models = 4, evaluators = 3, max-load = 3, min-class-samples = 5, {extra} }}]").Resolve());

    /// <summary>Sample i has class i mod 2; every sample is classified right, except class 0 when the model's first value is below −5.</summary>
    private sealed class ClassZeroTrainer : ITrainer
    {
        public List<EvalJob> Jobs { get; } = [];

        public TrainResult Train(TrainJob job) => throw new NotSupportedException();

        public EvalResult Evaluate(EvalJob job)
        {
            lock (Jobs)
            {
                Jobs.Add(job);
            }

            var counts = new long[4];
            foreach (var i in job.Samples.Indices)
            {
                var truth = i % 2;
                var predicted = truth == 0 && job.State[0] < -5 ? 1 : truth;
                counts[(truth * 2) + predicted]++;
            }

            return new EvalResult(new ConfusionMatrix(2, counts));
        }
    }

    private sealed class SilentActor : ReceiveActor
    {
        public SilentActor() => ReceiveAny(_ => { });
    }
}
