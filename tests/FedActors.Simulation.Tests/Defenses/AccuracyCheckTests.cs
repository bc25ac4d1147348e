using FedActors.Actors.TestKit;
using FedActors.Hocon;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class AccuracyCheckTests : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly ModelSpec Model = ModelZoo.Mlp([2], [4], 2);

    [Fact]
    public void OthersMeans_AreTheSampleWeightedMeansOfTheOtherUpdates()
    {
        float[][] updates = [[1f, 0f], [0f, 1f], [2f, 2f]];

        var others = AccuracyCheckStage.OthersMeans(updates, [1, 1, 2]);

        Assert.Equal([4f / 3, 5f / 3], others[0]!);   // (1·[0, 1] + 2·[2, 2]) / 3
        Assert.Equal([5f / 3, 4f / 3], others[1]!);   // (1·[1, 0] + 2·[2, 2]) / 3
        Assert.Equal([0.5f, 0.5f], others[2]!);       // ([1, 0] + [0, 1]) / 2
        Assert.Null(AccuracyCheckStage.OthersMeans([[1f]], [1])[0]);
    }

    [Fact]
    public void Stage_DropsTheClientWithoutWhichTheModelIsMoreAccurate()
    {
        // The scripted trainer calls a model fully accurate when w₀ ≥ 0, else fully wrong. Client 3's update alone gives
        // w₀ = −10 (accuracy 0) while the others' mean gives 1 (accuracy 1): a drop of 1 > γ. Clients 1 and 2 are fine.
        var trainer = new ThresholdTrainer();
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 4));
        var settings = DefenseSettings.FromConfig(ConfigurationFactory.ParseString(
            "fedactors.defense.pipeline = [{ type = accuracy-check, tolerance = 0.05, validation-samples = 8 }, { type = fedavg, weighting = uniform }]").Resolve());
        var services = new StageServices(pool, Model, "server", 20, RunSeed: 3);
        var pipeline = Sys.ActorOf(DefensePipeline.Props(settings, 3, services));
        PipelineInput[] inputs = [new(1, 10, [1f, 0f]), new(2, 10, [1f, 0f]), new(3, 10, [-10f, 0f])];

        pipeline.Tell(new RunPipeline(0, [0f, 0f], inputs), TestActor);

        var completed = Assert.IsType<PipelineCompleted>(ExpectMsg<object>(Timeout));
        var check = completed.Stages[0];
        Assert.Equal([true, true, false], check.Decisions.Select(d => d.Keep));
        Assert.Equal(1.0, check.Diagnostics["drop-3"]);
        Assert.Equal(-1.0, check.Diagnostics["drop-1"]);
        Assert.Equal([1f, 0f], completed.NewModel);
        Assert.Equal(6, trainer.Jobs.Count); // w + δ_i and w + δ_{−i} for each of the three
        Assert.All(trainer.Jobs, j => Assert.Equal(8, j.Samples.Count));
        Assert.All(trainer.Jobs, j => Assert.Equal(services.Validation(8).Indices, j.Samples.Indices));
    }

    [Fact]
    public void Validation_IsASeededSubsetOfTheServersSamples()
    {
        var a = new StageServices(TestActor, Model, "server", 100, 7).Validation(10);
        var b = new StageServices(TestActor, Model, "server", 100, 7).Validation(10);
        var c = new StageServices(TestActor, Model, "server", 100, 8).Validation(10);

        Assert.Equal(a.Indices, b.Indices);
        Assert.NotEqual(a.Indices, c.Indices);
        Assert.Equal(10, a.Indices.Distinct().Count());
        Assert.All(a.Indices, i => Assert.InRange(i, 0, 99));
        Assert.Equal(100, new StageServices(TestActor, Model, "server", 100, 7).Validation(1000).Count);
    }

    [Fact]
    public void Settings_DefaultsAndConstraints()
    {
        var settings = DefenseSettings.FromConfig(ConfigurationFactory.ParseString(
            "fedactors.defense.pipeline = [{ type = accuracy-check }, { type = fedavg }]").Resolve());
        Assert.Equal(new AccuracyCheckStageSettings(0.05, 1000, settings.Pipeline[0].Position), settings.Pipeline[0]);

        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = accuracy-check, tolerance = 2 }, { type = fedavg }]",
            "2 }",
            "fedactors.defense.pipeline[0].tolerance must be an accuracy difference in [0, 1], but is 2");
    }

    /// <summary>Accuracy 1 when the model's first value is ≥ 0, else 0, on whatever samples it is given.</summary>
    private sealed class ThresholdTrainer : ITrainer
    {
        public List<EvalJob> Jobs { get; } = [];

        public TrainResult Train(TrainJob job) => throw new NotSupportedException();

        public EvalResult Evaluate(EvalJob job)
        {
            lock (Jobs)
            {
                Jobs.Add(job);
            }

            var n = job.Samples.Count;
            long[] counts = job.State[0] >= 0 ? [n, 0, 0, 0] : [0, n, 0, 0];
            return new EvalResult(new ConfusionMatrix(2, counts));
        }
    }
}
