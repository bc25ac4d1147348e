using FedActors.Actors.TestKit;
using FedActors.Hocon;

namespace FedActors.Simulation.Tests.Actors;

public sealed class DefensePipelineTests : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly float[] Global = [1f, -2f, 0.5f];

    private static readonly PipelineInput[] Updates =
    [
        new(2, 10, [1f, 0f, -1f]),
        new(5, 30, [0.5f, 2f, 0f]),
        new(7, 60, [-1f, 1f, 3f]),
    ];

    [Theory]
    [InlineData(FedAvgWeighting.Samples, 1.0)]
    [InlineData(FedAvgWeighting.Uniform, 0.5)]
    public void RunPipeline_FedAvgOnly_NewModelEqualsFedAvgAggregate(FedAvgWeighting weighting, double serverRate)
    {
        // Arrange
        var pipeline = Sys.ActorOf(DefensePipeline.Props(FedAvgOnly(weighting, serverRate)));
        var w = weighting == FedAvgWeighting.Uniform ? Weighting.Uniform : Weighting.Samples;
        var samples = Updates.Select(u => u.NumSamples).ToList();
        double[] ones = [1, 1, 1];
        var expected = FedAvg.Aggregate(Global, Updates.Select(u => u.Update).ToList(), samples, ones, w, serverRate);
        var coefficients = FedAvg.Coefficients(samples, ones, w);

        // Act
        pipeline.Tell(new RunPipeline(4, Global, Updates), TestActor);

        // Assert
        var completed = ExpectMsg<PipelineCompleted>(Timeout);
        Assert.Equal(4, completed.Round);
        Assert.Equal(expected, completed.NewModel);
        Assert.Equal([2, 5, 7], completed.Coefficients.Keys.Order());
        Assert.Equal(coefficients, Updates.Select(u => completed.Coefficients[u.ClientId]));
    }

    [Fact]
    public void RunPipeline_FedAvgOnly_OneFedAvgOutcomeKeepingEveryClient()
    {
        var pipeline = Sys.ActorOf(DefensePipeline.Props(FedAvgOnly(FedAvgWeighting.Samples, 1.0)));

        pipeline.Tell(new RunPipeline(0, Global, Updates), TestActor);

        var completed = ExpectMsg<PipelineCompleted>(Timeout);
        var stage = Assert.Single(completed.Stages);
        Assert.Equal("fedavg", stage.Stage);
        Assert.Equal(Updates.Select(u => ClientDecision.Kept(u.ClientId)), stage.Decisions);
        Assert.Empty(stage.Diagnostics);
    }

    [Fact]
    public void RunPipeline_TwoRoundsInSequence_AnswersEachWithItsRound()
    {
        var pipeline = Sys.ActorOf(DefensePipeline.Props(FedAvgOnly(FedAvgWeighting.Samples, 1.0)));

        pipeline.Tell(new RunPipeline(0, Global, Updates), TestActor);
        var first = ExpectMsg<PipelineCompleted>(Timeout);
        pipeline.Tell(new RunPipeline(1, first.NewModel, Updates), TestActor);
        var second = ExpectMsg<PipelineCompleted>(Timeout);

        Assert.Equal((0, 1), (first.Round, second.Round));
    }

    [Fact]
    public void RunPipeline_UpdateOfWrongDimension_RepliesPipelineFailed()
    {
        var pipeline = Sys.ActorOf(DefensePipeline.Props(FedAvgOnly(FedAvgWeighting.Samples, 1.0)));

        pipeline.Tell(new RunPipeline(3, Global, [new PipelineInput(1, 5, [1f, 2f])]), TestActor);

        var failed = ExpectMsg<PipelineFailed>(Timeout);
        Assert.Equal(3, failed.Round);
        Assert.Contains("fedavg", failed.Reason, StringComparison.Ordinal);
    }

    private static DefenseSettings FedAvgOnly(FedAvgWeighting weighting, double serverRate) =>
        new([new FedAvgStageSettings(weighting, serverRate, HoconPosition.OfOrigin("test"))]);
}
