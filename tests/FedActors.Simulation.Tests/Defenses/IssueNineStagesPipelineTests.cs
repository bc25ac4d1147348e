using FedActors.Actors;
using FedActors.Actors.TestKit;
using FedActors.Hocon;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

/// <summary>Sniper, dp-gaussian and foolsgold inside a <see cref="DefensePipeline"/>: each behaves as its math, alone and composed.</summary>
public sealed class IssueNineStagesPipelineTests : TestKit
{
    /// <summary>A guard against hangs; the first stage to load libtorch in the test process pays for the load.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly float[] Global = [1f, 1f];

    [Fact]
    public void SniperThenFedAvg_DropsTheFarMinority()
    {
        // Three updates within 0.2 of each other and two far ones: at γ = 0.5 the three form a clique of 3 > 5/2.
        PipelineInput[] inputs = [new(1, 10, [0f, 0f]), new(2, 10, [0.1f, 0f]), new(3, 10, [0f, 0.1f]), new(4, 10, [5f, 5f]), new(5, 10, [5f, 5.1f])];

        var completed = Run(Pipeline("[{ type = sniper }, { type = fedavg, weighting = uniform }]"), inputs);

        Assert.Equal([true, true, true, false, false], completed.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal(0.5, completed.Stages[0].Diagnostics["gamma"]);
        Assert.Equal(3.0, completed.Stages[0].Diagnostics["clique-size"]);
        Assert.Equal(1f + (0.1f / 3), completed.NewModel[0], 6);
        Assert.Equal(1f + (0.1f / 3), completed.NewModel[1], 6);
    }

    [Fact]
    public void ClipThenSniperThenFedAvg_IsTheComposition()
    {
        // Unclipped, [0, 0], [30, 40], [0, 1], [0, 1.2]: the clique {3, 4} of 2 is no majority of 4 until γ = 1.25 > 1.2
        // joins [0, 0] too. Clipped to norm 1, [30, 40] becomes [0.6, 0.8]: distances to [0, 1] and [0, 1]
        // (clipped 1.2) are 0.632; at γ = 0.5 only 3–4 join (distance 0), so γ grows to 0.65 and {2, 3, 4} is the clique.
        PipelineInput[] inputs = [new(1, 10, [0f, 0f]), new(2, 10, [30f, 40f]), new(3, 10, [0f, 1f]), new(4, 10, [0f, 1.2f])];

        var composed = Run(Pipeline("[{ type = norm-clip, bound = 1 }, { type = sniper }, { type = fedavg, weighting = uniform }]"), inputs);
        var withoutClip = Run(Pipeline("[{ type = sniper }, { type = fedavg, weighting = uniform }]"), inputs);

        Assert.Equal([false, true, true, true], composed.Stages[1].Decisions.Select(d => d.Keep));
        Assert.Equal(1f + (0.6f / 3), composed.NewModel[0], 6);
        Assert.Equal(1f + (2.8f / 3), composed.NewModel[1], 6);
        Assert.Equal([true, false, true, true], withoutClip.Stages[0].Decisions.Select(d => d.Keep));
    }

    [Fact]
    public void SniperRelative_ScalesGammaByTheMedianDistance()
    {
        // Points 0, 10, 20, 100 on a line: distances 10, 10, 20, 80, 90, 100 → median 50; γ₀ = 0.1·50 = 5, ε = 0.05·50 = 2.5.
        // γ = 5: no edge; the next above 10 is 12.5: edges 0–1, 1–2, a clique of 2, no majority; the next above 20 is 22.5: {0, 1, 2}.
        var inputs = new[] { 0f, 10f, 20f, 100f }.Select((x, i) => new PipelineInput(i, 10, [x, 0f])).ToArray();

        var completed = Run(Pipeline("[{ type = sniper, gamma-mode = relative, factor = 0.1 }, { type = fedavg, weighting = uniform }]"), inputs);

        Assert.Equal([true, true, true, false], completed.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal(5.0, completed.Stages[0].Diagnostics["gamma-start"], 5);
        Assert.Equal(22.5, completed.Stages[0].Diagnostics["gamma"], 5);
    }

    [Fact]
    public void DpGaussian_SigmaZero_IsClipThenMean_OfTheKeptUpdates()
    {
        // Multi-Krum (one neighbour each) drops the far [90, 90]; the other three are clipped to norm 1 and averaged.
        PipelineInput[] inputs = [new(1, 10, [3f, 4f]), new(2, 10, [0f, 0.5f]), new(3, 10, [3f, 3.5f]), new(4, 10, [90f, 90f])];

        var completed = Run(Pipeline("[{ type = multi-krum, f = 1, keep = 3 }, { type = dp-gaussian, clip-bound = 1, sigma = 0 }]"), inputs);

        var expected = DpGaussian.Aggregate(inputs[..3].Select(i => i.Update).ToList(), 1, 0, new StableRandom(0));
        Assert.Equal(Global.Zip(expected, (g, a) => (float)(g + (1.0 * a))), completed.NewModel);
        Assert.Equal([true, true, true, false], completed.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal(1.0 / 3, completed.Coefficients[1], 12);
        Assert.Equal(0.0, completed.Coefficients[4]);
    }

    [Fact]
    public void DpGaussian_NoiseFollowsTheRunSeedAndRound()
    {
        PipelineInput[] inputs = [new(1, 10, [3f, 4f]), new(2, 10, [0f, 0.5f])];
        var settings = Pipeline("[{ type = dp-gaussian, clip-bound = 1, sigma = 1 }]");

        var a = Run(settings, inputs, runSeed: 11, round: 2);
        var b = Run(settings, inputs, runSeed: 11, round: 2);
        var otherSeed = Run(settings, inputs, runSeed: 12, round: 2);
        var otherRound = Run(settings, inputs, runSeed: 11, round: 3);

        var expected = DpGaussian.Aggregate([inputs[0].Update, inputs[1].Update], 1, 1, new StableRandom(DpGaussian.Seed(11, 2)));
        Assert.Equal(Global.Zip(expected, (g, x) => (float)(g + (1.0 * x))), a.NewModel);
        Assert.Equal(a.NewModel, b.NewModel);
        Assert.NotEqual(a.NewModel, otherSeed.NewModel);
        Assert.NotEqual(a.NewModel, otherRound.NewModel);
    }

    [Fact]
    public void FoolsGold_WeighsByTheHistory_AcrossRounds()
    {
        // Round 0: clients 2 and 3 send the same [0, 1] → weights [1, 0, 0]; weight 0 drops 2 and 3.
        // Round 1: 1 sends [1, 0], 2 [0, 1], 3 [1, 0]: histories [2, 0], [0, 2], [1, 1] have cosines 0, 0.707, 0.707,
        // so α is the same for all and every weight is 1; on round 1's updates alone, 1 and 3 would be identical (weight 0).
        var pipeline = Sys.ActorOf(DefensePipeline.Props(Pipeline("[{ type = foolsgold }, { type = fedavg, weighting = uniform }]")));
        PipelineInput[] round0 = [new(1, 10, [1f, 0f]), new(2, 10, [0f, 1f]), new(3, 10, [0f, 1f])];
        PipelineInput[] round1 = [new(1, 10, [1f, 0f]), new(2, 10, [0f, 1f]), new(3, 10, [1f, 0f])];

        var first = Ask(pipeline, 0, round0);
        var second = Ask(pipeline, 1, round1, first.StageStates);
        var secondAgain = Ask(pipeline, 1, round1, first.StageStates);
        var fresh = Run(Pipeline("[{ type = foolsgold }, { type = fedavg, weighting = uniform }]"), round1, round: 1);

        Assert.Equal([1.0, 0.0, 0.0], first.Stages[0].Decisions.Select(d => d.Weight));
        Assert.Equal([true, false, false], first.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal([1f + 1f, 1f], first.NewModel);
        Assert.All(second.Stages[0].Decisions, d => Assert.Equal(1.0, d.Weight, 9));
        Assert.Equal(second.NewModel, secondAgain.NewModel);
        Assert.Equal([false, true, false], fresh.Stages[0].Decisions.Select(d => d.Keep));

        // The state is the histories, carried from round to round by whoever runs the pipeline (the aggregator journals it).
        Assert.Equal([0], first.StageStates.Keys);
        var histories = FoolsGoldLogic.Decode(second.StageStates[0]);
        Assert.Equal([2.0, 0.0], histories[1]);
        Assert.Equal([0.0, 2.0], histories[2]);
        Assert.Equal([1.0, 1.0], histories[3]);
        Assert.Equal(second.StageStates[0], secondAgain.StageStates[0]);
    }

    [Fact]
    public void FoolsGoldState_RoundTripsAndRefusesDamage()
    {
        var history = new Dictionary<int, double[]> { [4] = [1.5, -2], [1] = [0.25, 3] };

        var bytes = FoolsGoldLogic.Encode(history);

        Assert.Equal(history.OrderBy(h => h.Key), FoolsGoldLogic.Decode(bytes).OrderBy(h => h.Key));
        Assert.Empty(FoolsGoldLogic.Decode(null));
        Assert.Throws<ArgumentException>(() => FoolsGoldLogic.Decode(bytes[..^4]));
        Assert.Throws<ArgumentException>(() => FoolsGoldLogic.Decode([.. bytes, 0]));
    }

    private static DefenseSettings Pipeline(string pipeline) =>
        DefenseSettings.FromConfig(ConfigurationFactory.ParseString($"fedactors.defense.pipeline = {pipeline}").Resolve());

    private PipelineCompleted Run(DefenseSettings settings, IReadOnlyList<PipelineInput> inputs, ulong runSeed = 0, int round = 0) =>
        Ask(Sys.ActorOf(DefensePipeline.Props(settings, runSeed)), round, inputs);

    private PipelineCompleted Ask(IActorRef pipeline, int round, IReadOnlyList<PipelineInput> inputs, IReadOnlyDictionary<int, byte[]>? states = null)
    {
        pipeline.Tell(new RunPipeline(round, Global, inputs) { StageStates = states ?? new Dictionary<int, byte[]>() }, TestActor);
        var reply = ExpectMsg<object>(Timeout);
        return Assert.IsType<PipelineCompleted>(reply);
    }
}
