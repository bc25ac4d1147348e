using FedActors.Actors;
using FedActors.Actors.TestKit;
using FedActors.Hocon;

namespace FedActors.Simulation.Tests.Defenses;

/// <summary><c>auror</c> inside a <see cref="DefensePipeline"/>, across rounds: exclusions stick, features accumulate.</summary>
public sealed class AurorPipelineTests : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly float[] Global = [1f, 1f];

    [Fact]
    public void ClientFlaggedInRoundZero_StaysExcludedInRoundOne()
    {
        // Round 0: both coordinates [0, 0.1, 0, 5] and [0, 0, 0.1, 5] split {1, 2, 3} | {4}, 4.9+ apart > α = 1: client 4
        // is marked in 2 of 2 indicative features and excluded. Round 1: it sends what client 1 sends, and is still dropped.
        var settings = Pipeline("[{ type = auror, features = all, alpha = 1 }, { type = fedavg, weighting = uniform }]");
        var pipeline = Sys.ActorOf(DefensePipeline.Props(settings));
        PipelineInput[] round0 = [new(1, 10, [0f, 0f]), new(2, 10, [0.1f, 0f]), new(3, 10, [0f, 0.1f]), new(4, 10, [5f, 5f])];
        PipelineInput[] round1 = [new(1, 10, [0f, 0f]), new(2, 10, [0.1f, 0f]), new(3, 10, [0f, 0.1f]), new(4, 10, [0f, 0f])];

        var first = Ask(pipeline, 0, round0);
        var second = Ask(pipeline, 1, round1, first.StageStates);
        var fresh = Ask(Sys.ActorOf(DefensePipeline.Props(settings)), 1, round1);

        Assert.Equal([true, true, true, false], first.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal(2.0, first.Stages[0].Diagnostics["indicative-features"]);
        Assert.Equal(1.0, first.Stages[0].Diagnostics["mark-share-4"]);
        Assert.Equal(0.0, first.Stages[0].Diagnostics["mark-share-1"]);
        Assert.Equal(1f + (0.1f / 3), first.NewModel[0], 6);
        Assert.Equal([true, true, true, false], second.Stages[0].Decisions.Select(d => d.Keep));
        Assert.False(second.Stages[0].Diagnostics.ContainsKey("mark-share-4"));
        Assert.Equal(1.0, second.Stages[0].Diagnostics["excluded"]);
        Assert.All(fresh.Stages[0].Decisions, d => Assert.True(d.Keep));
        Assert.Equal([4], AurorState.Decode(second.StageStates[0]).Excluded);
    }

    [Fact]
    public void Accumulation_FlagsTheSteadyOutlier_ThatNoSingleRoundShows()
    {
        // First coordinates: round 0 [2, 0, 0, 2], round 1 [0, 0, 2, 2]; each round alone splits 2 | 2, which marks nobody.
        // Their means [1, 0, 1, 2] cluster as {1, 2, 3} (1 is halfway between 0 and 2 and joins the low centre) | {4},
        // centres 2/3 and 2, 4/3 > α = 1 apart: client 4 is marked in the one indicative feature. The second coordinates
        // are all 0, never indicative. A window of 1 round judges round 1 alone.
        const string Auror = "{ type = auror, features = all, alpha = 1 }";
        const string Windowed = "{ type = auror, features = all, alpha = 1, window = 1 }";
        PipelineInput[] round0 = [new(1, 10, [2f, 0f]), new(2, 10, [0f, 0f]), new(3, 10, [0f, 0f]), new(4, 10, [2f, 0f])];
        PipelineInput[] round1 = [new(1, 10, [0f, 0f]), new(2, 10, [0f, 0f]), new(3, 10, [2f, 0f]), new(4, 10, [2f, 0f])];

        var (first, second) = TwoRounds(Auror, round0, round1);
        var (_, windowed) = TwoRounds(Windowed, round0, round1);
        var alone = Ask(Sys.ActorOf(DefensePipeline.Props(Pipeline($"[{Auror}, {{ type = fedavg }}]"))), 1, round1);

        Assert.All(first.Stages[0].Decisions, d => Assert.True(d.Keep));
        Assert.Equal(1.0, first.Stages[0].Diagnostics["indicative-features"]);
        Assert.Equal([true, true, true, false], second.Stages[0].Decisions.Select(d => d.Keep));
        Assert.Equal(1.0, second.Stages[0].Diagnostics["mark-share-4"]);
        Assert.All(alone.Stages[0].Decisions, d => Assert.True(d.Keep));
        Assert.All(windowed.Stages[0].Decisions, d => Assert.True(d.Keep));
    }

    [Fact]
    public void OutputLayer_ClustersOnlyTheLastCoordinates()
    {
        // Client 4 stands out in the first coordinate only; output-features = 1 looks at the last.
        PipelineInput[] inputs = [new(1, 10, [0f, 0f]), new(2, 10, [0f, 0.1f]), new(3, 10, [0f, 0f]), new(4, 10, [9f, 0f])];

        var output = Ask(Sys.ActorOf(DefensePipeline.Props(Pipeline("[{ type = auror, output-features = 1, alpha = 1 }, { type = fedavg }]"))), 0, inputs);
        var all = Ask(Sys.ActorOf(DefensePipeline.Props(Pipeline("[{ type = auror, features = all, alpha = 1 }, { type = fedavg }]"))), 0, inputs);

        Assert.All(output.Stages[0].Decisions, d => Assert.True(d.Keep));
        Assert.Equal([true, true, true, false], all.Stages[0].Decisions.Select(d => d.Keep));
    }

    [Fact]
    public void FewerThanThreeClients_NobodyIsJudged()
    {
        PipelineInput[] inputs = [new(1, 10, [0f, 0f]), new(2, 10, [9f, 9f])];

        var completed = Ask(Sys.ActorOf(DefensePipeline.Props(Pipeline("[{ type = auror, features = all, alpha = 1 }, { type = fedavg }]"))), 0, inputs);

        Assert.All(completed.Stages[0].Decisions, d => Assert.True(d.Keep));
        Assert.Equal(0.0, completed.Stages[0].Diagnostics["indicative-features"]);
        Assert.Equal([1, 2], AurorState.Decode(completed.StageStates[0]).Clients.Keys);
    }

    private static DefenseSettings Pipeline(string pipeline) =>
        DefenseSettings.FromConfig(ConfigurationFactory.ParseString($"fedactors.defense.pipeline = {pipeline}").Resolve());

    private (PipelineCompleted First, PipelineCompleted Second) TwoRounds(string stage, IReadOnlyList<PipelineInput> round0, IReadOnlyList<PipelineInput> round1)
    {
        var pipeline = Sys.ActorOf(DefensePipeline.Props(Pipeline($"[{stage}, {{ type = fedavg }}]")));
        var first = Ask(pipeline, 0, round0);
        return (first, Ask(pipeline, 1, round1, first.StageStates));
    }

    private PipelineCompleted Ask(IActorRef pipeline, int round, IReadOnlyList<PipelineInput> inputs, IReadOnlyDictionary<int, byte[]>? states = null)
    {
        pipeline.Tell(new RunPipeline(round, Global, inputs) { StageStates = states ?? new Dictionary<int, byte[]>() }, TestActor);
        var reply = ExpectMsg<object>(Timeout);
        return Assert.IsType<PipelineCompleted>(reply);
    }
}
