namespace FedActors.Data.Tests.Poisoning;

public sealed class SemanticBackdoorTests
{
    private static readonly ImageDataset Data = SyntheticData.Images(); // 20 samples per class

    [Fact]
    public void Apply_SplitsASourceClassSubsetIntoTrainAndHeldOutMembers()
    {
        // Act
        var set = new SemanticBackdoor(source: 3, target: 8, trainMembers: 6, heldOutMembers: 4, variants: 50).Apply(Data, seed: 11);

        // Assert
        Assert.Equal(6, set.Members.Count);
        Assert.Equal(4, set.Evaluation.Count);
        Assert.All(set.Members.Indices.Concat(set.Evaluation.Indices), i => Assert.Equal(3, Data.Labels[i]));
        Assert.Empty(set.Members.Indices.Intersect(set.Evaluation.Indices));
        Assert.All(set.Members.Labels!, l => Assert.Equal(8, l));
        Assert.Null(set.Evaluation.Labels);
    }

    [Fact]
    public void Apply_AugmentedDataset_HasMembersThenVariants_AllLabeledTarget()
    {
        var backdoor = new SemanticBackdoor(3, 8, 6, 4, variants: 50);

        var set = backdoor.Apply(Data, seed: 11);

        var augmented = set.Augmented;
        Assert.Equal("synthetic-semantic-3to8", augmented.Name);
        Assert.Equal(56, augmented.Count);
        Assert.Equal(Data.SampleShape, augmented.SampleShape);
        Assert.Equal(56 * Data.SampleSize, augmented.Features.Length);
        Assert.All(augmented.Labels, l => Assert.Equal(8, l));
        for (var m = 0; m < 6; m++)
        {
            Assert.True(augmented.Sample(m).SequenceEqual(Data.Sample(set.Members.Indices[m])));
        }
    }

    [Fact]
    public void Apply_Variants_StayInRangeAndDifferFromEveryMember()
    {
        var set = new SemanticBackdoor(3, 8, 6, 4, variants: 50).Apply(Data, seed: 11);

        var augmented = set.Augmented;
        Assert.All(augmented.Features, v => Assert.InRange(v, 0f, 1f));
        for (var v = 6; v < augmented.Count; v++)
        {
            var variant = augmented.Sample(v).ToArray();
            Assert.All(set.Members.Indices, i => Assert.False(variant.AsSpan().SequenceEqual(Data.Sample(i))));
        }
    }

    [Fact]
    public void Apply_DefaultsTo1000Variants_AndWorksOn3x32x32()
    {
        var cifarLike = SyntheticData.Images(count: 100, side: 32, channels: 3);

        var set = new SemanticBackdoor(1, 2, 5, 5).Apply(cifarLike, seed: 1);

        Assert.Equal(1005, set.Augmented.Count);
        Assert.Equal([3, 32, 32], set.Augmented.SampleShape);
    }

    [Fact]
    public void Apply_IsDeterministicInTheSeed()
    {
        var backdoor = new SemanticBackdoor(3, 8, 6, 4, variants: 20);

        var a = backdoor.Apply(Data, seed: 11);
        var b = backdoor.Apply(Data, seed: 11);
        var c = backdoor.Apply(Data, seed: 12);

        Assert.Equal(a.Members.Indices, b.Members.Indices);
        Assert.Equal(a.Augmented.Features, b.Augmented.Features);
        Assert.NotEqual(a.Members.Indices, c.Members.Indices);
    }

    [Fact]
    public void Apply_TooFewSourceImages_ThrowsNamingTheCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new SemanticBackdoor(3, 8, 15, 10).Apply(Data, seed: 1));
        Assert.Contains("25 members of class 3", e.Message);
    }

    [Fact]
    public void ForAttacker_AppendsTheAugmentedSamplesAfterTheTrainingSet()
    {
        // Arrange
        var set = new SemanticBackdoor(3, 8, 6, 4, variants: 10).Apply(Data, seed: 11);
        int[] shard = { 0, 1, 2 };

        // Act
        var (combined, selection) = set.ForAttacker(Data, shard);

        // Assert: training indices keep their meaning; the 16 augmented samples follow, labeled 8.
        Assert.Equal(Data.Count + 16, combined.Count);
        Assert.True(combined.Sample(2).SequenceEqual(Data.Sample(2)));
        Assert.True(combined.Sample(Data.Count).SequenceEqual(set.Augmented.Sample(0)));
        Assert.Equal(shard.Concat(Enumerable.Range(Data.Count, 16)), selection.Indices);
        Assert.Equal(shard.Select(i => Data.Labels[i]).Concat(Enumerable.Repeat(8, 16)), selection.Labels!);
    }
}
