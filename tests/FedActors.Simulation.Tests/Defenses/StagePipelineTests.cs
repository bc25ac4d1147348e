using FedActors.Actors.TestKit;
using FedActors.Hocon;

namespace FedActors.Simulation.Tests.Defenses;

/// <summary>The pure stages inside a <see cref="DefensePipeline"/>: each alone, and composed, behaves as the composition of their math.</summary>
public sealed class StagePipelineTests : TestKit
{
    /// <summary>A guard against hangs; the first stage to load libtorch in the test process pays for the load.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly float[] Global = [1f, 1f];

    [Fact]
    public void ClipThenL2CheckThenFedAvg_IsTheComposition()
    {
        // Unclipped, the big update is 50 away from the others and every update is farther than 1.5 from some other;
        // clipped to norm 1, the updates are [0, 0], [0.6, 0.8], [0, 1], all within 1 of each other.
        PipelineInput[] inputs = [new(1, 10, [0f, 0f]), new(2, 10, [30f, 40f]), new(3, 10, [0f, 1f])];

        var composed = Run("[{ type = norm-clip, bound = 1 }, { type = l2-check, max-distance = 1.5 }, { type = fedavg, weighting = uniform }]", inputs);
        var withoutClip = Run("[{ type = l2-check, max-distance = 1.5 }, { type = fedavg, weighting = uniform }]", inputs);

        Assert.Equal(["norm-clip", "l2-check", "fedavg"], composed.Stages.Select(s => s.Stage));
        Assert.Equal(1.0, composed.Stages[0].Diagnostics["clipped"]);
        Assert.All(composed.Stages[1].Decisions, d => Assert.True(d.Keep));
        Assert.Equal(1f + 0.2f, composed.NewModel[0], 6);
        Assert.Equal(1f + (1.8f / 3), composed.NewModel[1], 6);
        Assert.All(withoutClip.Stages[0].Decisions, d => Assert.False(d.Keep));
        Assert.Equal(Global, withoutClip.NewModel);
    }

    [Fact]
    public void KrumThenFedAvg_AppliesTheSingleSelectedUpdate()
    {
        var inputs = new[] { 0f, 1f, 2f, 10f, 11f }.Select((x, i) => new PipelineInput(i, 10, [x, 0f])).ToArray();

        var completed = Run("[{ type = krum, f = 1 }, { type = fedavg }]", inputs);

        Assert.Equal([false, true, false, false, false], completed.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal(2.0, completed.Stages[0].Diagnostics["score-1"]);
        Assert.Equal([2f, 1f], completed.NewModel);
        Assert.Equal(1.0, completed.Coefficients[1]);
    }

    [Fact]
    public void MultiKrumThenMedian_TheMedianOfTheKeptUpdates()
    {
        var inputs = new[] { 0f, 1f, 2f, 10f, 11f }.Select((x, i) => new PipelineInput(i, 10, [x, -x])).ToArray();

        var completed = Run("[{ type = multi-krum, f = 1, keep = 3 }, { type = median }]", inputs);

        Assert.Equal([true, true, true, false, false], completed.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal([2f, 0f], completed.NewModel);
    }

    [Fact]
    public void TrimmedMean_AggregatesTheKeptUpdates()
    {
        var inputs = new[] { 0f, 1f, 2f, 100f }.Select((x, i) => new PipelineInput(i, 10, [x, 0f])).ToArray();

        var completed = Run("[{ type = trimmed-mean, beta = 0.25 }]", inputs);

        Assert.Equal([2.5f, 1f], completed.NewModel);
        Assert.Equal(1.0, completed.Stages[0].Diagnostics["trimmed-per-side"]);
    }

    [Fact]
    public void CosineCheck_DropsTheUpdatePointingAway()
    {
        // Against the sum of the others: 1 → [1, -0.1], 2 → [1, 0.1], 3 → [1, 0] (all cosines near 1), 4 → [3, 0] (cosine −1).
        PipelineInput[] inputs = [new(1, 10, [1f, 0.1f]), new(2, 10, [1f, -0.1f]), new(3, 10, [1f, 0f]), new(4, 10, [-1f, 0f])];

        var completed = Run("[{ type = cosine-check, min-cosine = 0 }, { type = fedavg, weighting = uniform }]", inputs);

        Assert.Equal([true, true, true, false], completed.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal(-1.0, completed.Stages[0].Diagnostics["cosine-4"], 9);
        Assert.Equal([2f, 1f], completed.NewModel);
    }

    private PipelineCompleted Run(string pipeline, IReadOnlyList<PipelineInput> inputs)
    {
        var settings = DefenseSettings.FromConfig(ConfigurationFactory.ParseString($"fedactors.defense.pipeline = {pipeline}").Resolve());
        var actor = Sys.ActorOf(DefensePipeline.Props(settings));
        actor.Tell(new RunPipeline(0, Global, inputs), TestActor);
        var reply = ExpectMsg<object>(Timeout);
        return Assert.IsType<PipelineCompleted>(reply);
    }
}
