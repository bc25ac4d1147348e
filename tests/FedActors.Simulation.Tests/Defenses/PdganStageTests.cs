using FedActors.Actors;
using FedActors.Actors.TestKit;
using FedActors.Hocon;
using FedActors.Simulation.Tests.Actors;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class PdganStageTests : TestKit, IClassFixture<SyntheticTorchFixture>
{
    private const ulong RunSeed = 21;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SyntheticTorchFixture _fixture;

    /// <summary>The synthetic MLP with one output more than the 3 classes: the "fake" class, as PDGAN's global model needs.</summary>
    private readonly ModelSpec _model = ModelZoo.Mlp([8], [16], 4);

    public PdganStageTests(SyntheticTorchFixture fixture) => _fixture = fixture;

    [Fact]
    public void Stage_KeepsEveryoneBeforeDIter_ThenDropsThePoisonedClient_AndTheGeneratorStateResumes()
    {
        // Arrange: a global model trained on all 60 samples; clients 0–3 train honestly from it, client 4 with every
        // label shifted by one (y → y + 1 mod 3), so its model disagrees with the majority almost everywhere.
        var all = Enumerable.Range(0, _fixture.Data.Count).ToArray();
        using var initial = TorchModel.Create(_model);
        var global = Train(initial.InitialState(seed: 5), new SampleSelection(all), epochs: 10, seed: 1);
        var updates = new List<PipelineInput>();
        for (var client = 0; client < 4; client++)
        {
            updates.Add(new PipelineInput(client, 60, Delta(Train(global, new SampleSelection(all), epochs: 2, seed: (ulong)(10 + client)), global)));
        }

        var flipped = new SampleSelection(all) { Labels = all.Select(i => (_fixture.Data.Labels[i] + 1) % 3).ToArray() };
        updates.Add(new PipelineInput(4, 60, Delta(Train(global, flipped, epochs: 20, seed: 14), global)));
        var settings = new PdganStageSettings(
            DIter: 1, Threshold: 0.8, PdganThresholdMode.Relative, AuxiliaryClasses: [0, 2], AuxiliarySamples: 100, GeneratedSamples: 200,
            GanSteps: 20, BatchSize: 16, LearningRate: 2e-4, NoiseDim: 20, new HoconPosition("test", 1, 1));
        var services = new StageServices(TestActor, _model, SyntheticTorchFixture.Dataset, _fixture.Data.Count, RunSeed) { ServerData = _fixture.Data };
        var stage = Sys.ActorOf(PdganStage.Props(settings, services, RunSeed));

        // Act: three rounds in a row, then round 2 again on a fresh stage fed the state round 1 left.
        var round0 = Run(stage, 0, global, updates, state: null);
        var round1 = Run(stage, 1, global, updates, round0.NewState);
        var round2 = Run(stage, 2, global, updates, round1.NewState);
        var resumed = Run(Sys.ActorOf(PdganStage.Props(settings, services, RunSeed)), 2, global, updates, round1.NewState);

        // Assert
        Assert.All(round0.Outcome.Decisions, d => Assert.True(d.Keep));
        Assert.Equal(0, round0.Outcome.Diagnostics["judged"]);
        Assert.NotNull(round0.NewState);
        Assert.NotEqual(round0.NewState, round1.NewState);
        foreach (var done in new[] { round1, round2 })
        {
            Assert.Equal(1, done.Outcome.Diagnostics["judged"]);
            Assert.Equal([true, true, true, true, false], done.Outcome.Decisions.Select(d => d.Keep));
            Assert.True(done.Outcome.Diagnostics["accuracy-4"] < done.Outcome.Diagnostics["cutoff"]);
        }

        Assert.Equal(round2.Outcome.Decisions, resumed.Outcome.Decisions);
        Assert.Equal(round2.Outcome.Diagnostics, resumed.Outcome.Diagnostics);
        Assert.Equal(round2.NewState, resumed.NewState);
    }

    [Fact]
    public void Stage_WithAModelWithoutAFakeOutput_FailsTheRoundAndSaysWhy()
    {
        var settings = new PdganStageSettings(0, 0.5, PdganThresholdMode.Absolute, [0], 10, 10, 1, 4, 2e-4, 4, new HoconPosition("test", 1, 1));
        var services = new StageServices(TestActor, _fixture.Model, SyntheticTorchFixture.Dataset, _fixture.Data.Count, RunSeed) { ServerData = _fixture.Data };
        var stage = Sys.ActorOf(PdganStage.Props(settings, services, RunSeed));
        var update = new PipelineInput(0, 1, new float[_fixture.InitialState.Length]);

        stage.Tell(new RunStage(0, _fixture.InitialState, [update], [ClientDecision.Kept(0)]), TestActor);

        var failed = ExpectMsg<StageFailed>(Timeout);
        Assert.Equal("pdgan", failed.Stage);
        Assert.Contains("one output more than the data's 3 classes", failed.Reason);
    }

    private StageDone Run(IActorRef stage, int round, float[] global, IReadOnlyList<PipelineInput> updates, byte[]? state)
    {
        stage.Tell(new RunStage(round, global, updates, updates.Select(u => ClientDecision.Kept(u.ClientId)).ToList()) { State = state }, TestActor);
        return ExpectMsg<StageDone>(Timeout);
    }

    private float[] Train(float[] from, SampleSelection samples, int epochs, ulong seed) =>
        _fixture.Trainer.Train(new TrainJob(_model, SyntheticTorchFixture.Dataset, from, samples, SyntheticTorchFixture.Hyper with { Epochs = epochs }, seed)).State;

    private static float[] Delta(float[] trained, float[] global) => trained.Zip(global, (t, g) => t - g).ToArray();
}
