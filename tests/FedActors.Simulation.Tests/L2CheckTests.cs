using FedActors.Actors.TestKit;
using FedActors.Hocon;

namespace FedActors.Simulation.Tests;

public sealed class L2CheckTests : TestKit
{
    // Distances by hand: ‖u0 − u1‖ = 5, ‖u0 − u2‖ = 1, ‖u1 − u2‖ = √18 ≈ 4.2426.
    private static readonly float[][] Updates = [[0f, 0f], [3f, 4f], [0f, 1f]];

    [Fact]
    public void MaxDistances_AllKept_IsEachUpdatesFarthestOther()
    {
        var distances = L2Check.MaxDistances(Updates, [true, true, true]);

        Assert.Equal(5.0, distances[0], 12);
        Assert.Equal(5.0, distances[1], 12);
        Assert.Equal(Math.Sqrt(18), distances[2], 12);
    }

    [Fact]
    public void Flags_ThresholdBetweenTheDistances_FlagsTheFarOnes()
    {
        Assert.Equal([true, true, false], L2Check.Flags(Updates, [true, true, true], 4.5));
        Assert.Equal([false, false, false], L2Check.Flags(Updates, [true, true, true], 5.0));
        Assert.Equal([true, true, true], L2Check.Flags(Updates, [true, true, true], 4.0));
    }

    [Fact]
    public void Flags_AnUpdateDroppedEarlier_NeitherJudgedNorCounted()
    {
        var distances = L2Check.MaxDistances(Updates, [true, false, true]);

        Assert.Equal([1.0, 0.0, 1.0], distances);
        Assert.Equal([false, false, false], L2Check.Flags(Updates, [true, false, true], 1.0));
        Assert.Equal([true, false, true], L2Check.Flags(Updates, [true, false, true], 0.5));
    }

    [Fact]
    public void Flags_FewerThanTwoKept_FlagsNobody()
    {
        Assert.Equal([false, false, false], L2Check.Flags(Updates, [false, true, false], 0.1));
    }

    [Fact]
    public void MaxDistances_UpdatesOfDifferentLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => L2Check.MaxDistances([[0f, 1f], [1f]], [true, true]));
    }

    [Fact]
    public void Pipeline_L2CheckThenFedAvg_AveragesOnlyTheKeptUpdates()
    {
        float[] global = [1f, 1f];
        var settings = DefenseSettings.FromConfig(ConfigurationFactory.ParseString(
            "fedactors.defense.pipeline = [{ type = l2-check, max-distance = 4.5 }, { type = fedavg, weighting = uniform }]").Resolve());
        var pipeline = Sys.ActorOf(DefensePipeline.Props(settings));
        var inputs = Updates.Select((u, i) => new PipelineInput(10 + i, 5, u)).ToList();

        pipeline.Tell(new RunPipeline(0, global, inputs), TestActor);

        var completed = ExpectMsg<PipelineCompleted>(TimeSpan.FromSeconds(10));
        Assert.Equal(["l2-check", "fedavg"], completed.Stages.Select(s => s.Stage));
        Assert.Equal([ClientDecision.Dropped(10), ClientDecision.Dropped(11), ClientDecision.Kept(12)], completed.Stages[0].Decisions);
        Assert.Equal(4.5, completed.Stages[0].Diagnostics["threshold"]);
        Assert.Equal(Math.Sqrt(18), completed.Stages[0].Diagnostics["max-distance-12"], 12);
        Assert.Equal([1f, 2f], completed.NewModel);
        Assert.Equal(0.0, completed.Coefficients[10]);
        Assert.Equal(1.0, completed.Coefficients[12]);
    }

    [Fact]
    public void Settings_WithoutMaxDistance_SaysWhatIsMissing()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = l2-check }, { type = fedavg }]",
            "{ type = l2-check }",
            "fedactors.defense.pipeline[0].max-distance is not set: l2-check needs its threshold C_server (an L2 distance > 0)");
    }

    [Fact]
    public void Settings_NegativeMaxDistance_NamesTheConstraint()
    {
        var error = SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = l2-check, max-distance = -1 }, { type = fedavg }]",
            "-1",
            "fedactors.defense.pipeline[0].max-distance must be finite and > 0, but is -1");
        Assert.Contains("max-distance", error.Message, StringComparison.Ordinal);
    }
}
