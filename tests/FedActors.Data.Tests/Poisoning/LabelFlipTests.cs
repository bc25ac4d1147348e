namespace FedActors.Data.Tests.Poisoning;

public sealed class LabelFlipTests
{
    private static readonly ImageDataset Data = SyntheticData.Images();

    [Fact]
    public void Apply_FullFraction_FlipsEverySourceLabelAndNothingElse()
    {
        // Arrange
        var indices = Enumerable.Range(0, 100).ToArray();

        // Act
        var selection = new LabelFlip(1, 5).Apply(indices, Data.Labels, seed: 3);

        // Assert
        Assert.Equal(indices, selection.Indices);
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.Equal(Data.Labels[indices[i]] == 1 ? 5 : Data.Labels[indices[i]], selection.Labels![i]);
        }

        Assert.Null(selection.Triggered);
    }

    [Fact]
    public void Apply_HalfFraction_FlipsExactlyHalfOfTheSourceSamples()
    {
        var indices = Enumerable.Range(0, 200).ToArray(); // 20 samples of class 1

        var selection = new LabelFlip(1, 5, 0.5).Apply(indices, Data.Labels, seed: 3);

        var changed = Enumerable.Range(0, indices.Length).Where(i => selection.Labels![i] != Data.Labels[indices[i]]).ToList();
        Assert.Equal(10, changed.Count);
        Assert.All(changed, i => Assert.Equal(1, Data.Labels[indices[i]]));
        Assert.All(changed, i => Assert.Equal(5, selection.Labels![i]));
    }

    [Fact]
    public void Apply_SameSeed_SameChoice_OtherSeed_OtherChoice()
    {
        var indices = Enumerable.Range(0, 200).ToArray();
        var flip = new LabelFlip(1, 5, 0.5);

        var a = flip.Apply(indices, Data.Labels, seed: 3);
        var b = flip.Apply(indices, Data.Labels, seed: 3);
        var c = flip.Apply(indices, Data.Labels, seed: 4);

        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Labels, c.Labels);
    }

    [Fact]
    public void EvaluationSet_IsTheSourceClassTestSamplesWithTrueLabels()
    {
        var evaluation = new LabelFlip(6, 2).EvaluationSet(Data.Labels);

        Assert.Equal(20, evaluation.Count);
        Assert.All(evaluation.Indices, i => Assert.Equal(6, Data.Labels[i]));
        Assert.Null(evaluation.Labels);
    }

    [Theory]
    [InlineData(1, 1, 1.0)]
    [InlineData(1, 5, 1.5)]
    [InlineData(-1, 5, 1.0)]
    public void Constructor_BadArguments_Throw(int source, int target, double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelFlip(source, target, fraction));
    }
}
