using System.Collections.Immutable;
using FedActors.Hocon;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class RoundDistancesTests
{
    private static readonly float[] Global = [0f, 0f, 0f];

    [Fact]
    public void Squared_ASubsetOfTheUpdatesAskedBefore_ComesFromTheSameMatrix()
    {
        // Arrange
        var updates = Updates(6);
        var distances = new RoundDistances();
        var all = distances.Squared(updates);

        // Act
        var subset = distances.Squared([updates[4], updates[1], updates[2]]);

        // Assert
        Assert.Equal(1, distances.Computations);
        Assert.Equal(Krum.SquaredDistances(updates), all);
        Assert.Equal(all[4, 1], subset[0, 1]);
        Assert.Equal(all[1, 2], subset[1, 2]);
        Assert.Equal(all[2, 4], subset[2, 0]);
        Assert.Equal(0, subset[1, 1]);
    }

    [Fact]
    public void Squared_NewArraysOfATransform_GetANewMatrix()
    {
        var updates = Updates(4);
        var distances = new RoundDistances();
        distances.Squared(updates);

        var clipped = updates.Select(u => UpdateChecks.Clip(u, 0.5)).ToList();
        var after = distances.Squared(clipped);

        Assert.Equal(2, distances.Computations);
        Assert.Equal(Krum.SquaredDistances(clipped), after);
    }

    [Fact]
    public void MultiKrumSniperAndL2Check_InOneRound_ComputeTheDistancesOnce_AndDecideAsAlone()
    {
        // Arrange: 8 updates, two far from the rest.
        var updates = Updates(8);
        updates[3] = [40f, -40f, 40f];
        updates[6] = [-50f, 50f, 0f];
        var inputs = updates.Select((u, i) => new PipelineInput(i, 10, u)).ToList();
        var stages = Stages("[{ type = multi-krum, f = 2 }, { type = sniper, gamma-mode = relative }, { type = l2-check, max-distance = 1000 }, { type = fedavg }]");
        var shared = new RoundDistances();

        // Act
        var withShared = RunAll(stages, inputs, shared);
        var alone = RunAll(stages, inputs, null);

        // Assert
        Assert.Equal(1, shared.Computations);
        Assert.Equal(alone.Select(o => o.Decisions), withShared.Select(o => o.Decisions));
        Assert.Equal(alone.Select(o => o.Diagnostics.ToArray()), withShared.Select(o => o.Diagnostics.ToArray()));
        Assert.False(withShared[0].Decisions[3].Keep);
        Assert.False(withShared[0].Decisions[6].Keep);
    }

    [Fact]
    public void APipelineOnCnnMnistSizedUpdates_ReadsThemInPlace_AllocatingFarLessThanOneCopyOfThem()
    {
        // Arrange: 40 updates of the cnn-mnist size (1,663,370 values, 266 MB together) through multi-krum, sniper and
        // fedavg, the way the pipeline actor runs them.
        const int k = 40, d = 1_663_370;
        var random = new StableRandom(9);
        var updates = Enumerable.Range(0, k).Select(_ =>
        {
            var update = GC.AllocateUninitializedArray<float>(d);
            for (var i = 0; i < d; i++)
            {
                update[i] = (float)(random.NextDouble() - 0.5);
            }

            return update;
        }).ToList();
        var inputs = updates.Select((u, i) => new PipelineInput(i, 10, u)).ToList();
        var stages = Stages("[{ type = multi-krum, f = 4 }, { type = sniper, gamma-mode = relative }, { type = fedavg }]");
        var global = new float[d];

        // Act: the managed bytes this thread allocates while the stages run.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var decisions = inputs.Select(u => ClientDecision.Kept(u.ClientId)).ToList();
        var distances = new RoundDistances();
        foreach (var stage in stages)
        {
            var done = stage.Run(new RunStage(0, global, inputs, decisions) { Distances = distances });
            decisions = decisions.Select((c, i) => c.Keep && done.Outcome.Decisions[i].Keep ? c : ClientDecision.Dropped(c.ClientId)).ToList();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert: a few model-sized buffers (the new model, fedavg's sums), never a copy of the updates.
        var oneCopy = (long)k * d * sizeof(float);
        Assert.True(allocated < 4L * d * sizeof(double), $"the stages allocated {allocated:N0} bytes; one copy of the updates is {oneCopy:N0}");
        Assert.Equal(1, distances.Computations);
    }

    private static List<StageOutcome> RunAll(IReadOnlyList<IStageLogic> stages, IReadOnlyList<PipelineInput> inputs, RoundDistances? distances)
    {
        var decisions = inputs.Select(u => ClientDecision.Kept(u.ClientId)).ToList();
        var outcomes = new List<StageOutcome>();
        foreach (var stage in stages)
        {
            var done = stage.Run(new RunStage(0, Global, inputs, decisions) { Distances = distances });
            outcomes.Add(done.Outcome);
            decisions = decisions.Select((d, i) => d.Keep && done.Outcome.Decisions[i].Keep ? d : ClientDecision.Dropped(d.ClientId)).ToList();
        }

        return outcomes;
    }

    private static List<IStageLogic> Stages(string pipeline) =>
        DefenseSettings.FromConfig(ConfigurationFactory.ParseString($"fedactors.defense.pipeline = {pipeline}").Resolve())
            .Pipeline.Select(s => StageLogics.For(s)!).ToList();

    private static List<float[]> Updates(int count)
    {
        var random = new StableRandom(3);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 3).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
    }
}
