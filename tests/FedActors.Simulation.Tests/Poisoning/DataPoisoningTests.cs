using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Poisoning;

public sealed class DataPoisoningTests
{
    private const ulong RunSeed = 21;
    private static readonly ImageDataset Train = SyntheticDataset.Generate(200, [1, 8, 8], classes: 10, seed: 5) with { Name = "train" };
    private static readonly int[] Shard = Enumerable.Range(0, 50).ToArray();

    [Fact]
    public void PixelBackdoor_Poison_AddsTriggeredCopiesLabeledTarget_LeavesTheShardClean()
    {
        // Arrange
        var backdoor = PixelBackdoor.WithFraction(3, 0.2, PixelBackdoor.DefaultTrigger(Train.SampleShape, size: 2, value: 0.9f));
        var poisoning = new PixelBackdoorPoisoning(Train, RunSeed, backdoor);

        // Act
        var training = poisoning.Poison(clientId: 4, Shard, round: 2);

        // Assert
        var samples = training.Samples;
        var eligible = Shard.Count(i => Train.Labels[i] != 3);
        var copies = (int)Math.Round(eligible * 0.2, MidpointRounding.AwayFromZero);
        Assert.Equal("train", training.Dataset);
        Assert.Equal(Shard.Length + copies, samples.Count);
        Assert.Equal(Shard, samples.Indices.Take(Shard.Length));
        Assert.Equal(Shard.Select(i => Train.Labels[i]), samples.Labels!.Take(Shard.Length));
        Assert.All(samples.Triggered!.Take(Shard.Length), Assert.False);
        Assert.All(samples.Triggered!.Skip(Shard.Length), Assert.True);
        Assert.All(samples.Labels!.Skip(Shard.Length), label => Assert.Equal(3, label));
        Assert.All(samples.Indices.Skip(Shard.Length), i => Assert.True(Shard.Contains(i) && Train.Labels[i] != 3));
        Assert.Equal(new PixelTrigger(6, 6, 2, 2, 0.9f), samples.Trigger);
    }

    [Fact]
    public void PixelBackdoor_Poison_DrawDependsOnRoundAndClientOnly()
    {
        var poisoning = new PixelBackdoorPoisoning(Train, RunSeed, PixelBackdoor.WithFraction(3, 0.2));

        var a = poisoning.Poison(4, Shard, 2).Samples.Indices;
        var again = poisoning.Poison(4, Shard, 2).Samples.Indices;
        var otherRound = poisoning.Poison(4, Shard, 3).Samples.Indices;

        Assert.Equal(a, again);
        Assert.NotEqual(a, otherRound);
    }

    [Fact]
    public void SemanticBackdoor_Poison_AppendsEveryAugmentedMemberLabeledTarget()
    {
        // Arrange
        var set = new SemanticBackdoor(1, 7, trainMembers: 3, heldOutMembers: 2, variants: 5).Apply(Train, seed: 9);
        var poisoning = new SemanticBackdoorPoisoning("train-semantic", Train.Labels, set, "semantic");

        // Act
        var training = poisoning.Poison(clientId: 2, Shard, round: 1);

        // Assert: the shard keeps its labels; training members and variants follow at Count + i.
        Assert.Equal("train-semantic", training.Dataset);
        Assert.Equal(Shard.Concat(Enumerable.Range(Train.Count, 8)), training.Samples.Indices);
        Assert.Equal(Shard.Select(i => Train.Labels[i]).Concat(Enumerable.Repeat(7, 8)), training.Samples.Labels);
        Assert.Null(training.Samples.Triggered);
        Assert.All(set.Evaluation.Indices, i => Assert.Equal(1, Train.Labels[i]));
    }

    [Fact]
    public void DistributedFlip_Poison_SameSelectionEveryRound_SharesSumToTheBudget()
    {
        // Arrange: P = 2, S = 9: shares 5 and 4.
        var shards = new Dictionary<int, IReadOnlyList<int>> { [6] = Enumerable.Range(0, 40).ToArray(), [1] = Enumerable.Range(40, 40).ToArray() };
        var poisoning = new DistributedFlipPoisoning("train", Train.Labels, RunSeed, new DistributedFlipSettings(2, 4, 9), shards);

        // Act
        var first = poisoning.Poison(1, shards[1], round: 1).Samples;
        var sixth = poisoning.Poison(6, shards[6], round: 1).Samples;

        // Assert
        Assert.Equal(5, Poisoned(first, shards[1]));
        Assert.Equal(4, Poisoned(sixth, shards[6]));
        Assert.Equal(first, poisoning.Poison(1, shards[1], round: 8).Samples);
        Assert.Throws<ArgumentException>(() => poisoning.Poison(3, Shard, round: 1));
    }

    [Fact]
    public void AttackEvaluation_SuccessRate_CountsNonTargetSamplesPredictedAsTarget()
    {
        // Arrange: 3 classes, target 2. Rows are true labels: class 0 → 6 predicted target of 10, class 2's row ignored.
        long[] counts = [4, 0, 6, /**/ 0, 0, 0, /**/ 1, 1, 8];
        var evaluation = new AttackEvaluation("test", new SampleSelection([0]), Target: 2);

        // Act
        var rate = evaluation.SuccessRate(new ConfusionMatrix(3, counts));

        // Assert: 001 Def. 1 on the source row: 6 / 10 × 100.
        Assert.Equal(60.0, rate, precision: 9);
    }

    private static int Poisoned(SampleSelection samples, IReadOnlyList<int> shard) =>
        samples.Indices.Select((index, position) => position >= shard.Count || samples.Labels![position] != Train.Labels[index]).Count(changed => changed);
}
