namespace FedActors.Data.Tests.Loaders;

public sealed class SyntheticDatasetTests
{
    [Fact]
    public void Generate_SameSeed_SameDataset()
    {
        // Act
        var first = SyntheticDataset.Generate(50, new[] { 1, 4, 4 }, 5, seed: 42);
        var second = SyntheticDataset.Generate(50, new[] { 1, 4, 4 }, 5, seed: 42);

        // Assert
        Assert.Equal(first.Features, second.Features);
        Assert.Equal(first.Labels, second.Labels);
    }

    [Fact]
    public void Generate_OtherSeed_OtherDataset()
    {
        // Act
        var first = SyntheticDataset.Generate(50, new[] { 8 }, 5, seed: 1);
        var second = SyntheticDataset.Generate(50, new[] { 8 }, 5, seed: 2);

        // Assert
        Assert.NotEqual(first.Features, second.Features);
    }

    [Fact]
    public void Generate_ShapeAndLabels_AreAsAskedAndBalanced()
    {
        // Act
        var data = SyntheticDataset.Generate(100, new[] { 3, 8, 8 }, 10, seed: 7);

        // Assert
        Assert.Equal(100, data.Count);
        Assert.Equal(new[] { 3, 8, 8 }, data.SampleShape);
        Assert.Equal(100 * 192, data.Features.Length);
        Assert.Equal(10, data.Classes);
        Assert.All(data.Labels, label => Assert.InRange(label, 0, 9));
        Assert.All(data.Labels.CountBy(label => label), pair => Assert.Equal(10, pair.Value));
        Assert.All(data.Features, value => Assert.InRange(value, 0f, 1f));
    }

    [Fact]
    public void Generate_Samples_AreNearestToTheirOwnClassMean()
    {
        // Arrange
        var data = SyntheticDataset.Generate(400, new[] { 32 }, 4, seed: 3);
        var means = Enumerable.Range(0, 4)
            .Select(c => Enumerable.Range(0, 32).Select(f => Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).Average(i => data.Sample(i)[f])).ToArray())
            .ToArray();

        // Act: classify each sample by its nearest class mean.
        var correct = Enumerable.Range(0, data.Count).Count(i =>
        {
            var sample = data.Sample(i).ToArray();
            var nearest = Enumerable.Range(0, 4).MinBy(c => sample.Select((v, f) => (v - means[c][f]) * (v - means[c][f])).Sum());
            return nearest == data.Labels[i];
        });

        // Assert: learnable, far above chance (25%).
        Assert.True(correct >= 380, $"{correct} of 400 nearest their class mean");
    }

    [Fact]
    public void Generate_NoClasses_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDataset.Generate(10, new[] { 4 }, 0, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDataset.Generate(10, new[] { 0 }, 2, seed: 1));
    }
}
