using FedActors.Torch;

namespace FedActors.Data.Tests.Poisoning;

public sealed class PixelBackdoorTests
{
    private static readonly ImageDataset Data = SyntheticData.Images();

    [Fact]
    public void DefaultTrigger_Is4x4OfMaxIntensityAtTheBottomRight()
    {
        Assert.Equal(new PixelTrigger(24, 24, 4, 4, 1f), PixelBackdoor.DefaultTrigger([1, 28, 28]));
        Assert.Equal(new PixelTrigger(28, 28, 4, 4, 1f), PixelBackdoor.DefaultTrigger([3, 32, 32]));
    }

    [Fact]
    public void Apply_WithCount_AppendsExactlyThatManyTriggeredCopiesLabeledTarget()
    {
        // Arrange
        var indices = Enumerable.Range(0, 50).ToArray();

        // Act
        var selection = PixelBackdoor.WithCount(target: 0, count: 12).Apply(Data, indices, seed: 9);

        // Assert
        Assert.Equal(62, selection.Count);
        Assert.Equal(indices, selection.Indices.Take(50));
        Assert.Equal(indices.Select(i => Data.Labels[i]), selection.Labels!.Take(50));
        Assert.All(selection.Triggered!.Take(50), Assert.False);
        var copies = selection.Indices.Skip(50).ToList();
        Assert.Equal(12, copies.Distinct().Count());
        Assert.All(copies, i => Assert.Contains(i, indices));
        Assert.All(copies, i => Assert.NotEqual(0, Data.Labels[i]));
        Assert.All(selection.Labels!.Skip(50), l => Assert.Equal(0, l));
        Assert.All(selection.Triggered!.Skip(50), Assert.True);
        Assert.Equal(PixelBackdoor.DefaultTrigger(Data.SampleShape), selection.Trigger);
    }

    [Fact]
    public void Apply_WithFraction_CopiesThatShareOfTheNonTargetSamples()
    {
        var indices = Enumerable.Range(0, 100).ToArray(); // 90 outside class 3

        var selection = PixelBackdoor.WithFraction(target: 3, fraction: 0.5).Apply(Data, indices, seed: 9);

        Assert.Equal(145, selection.Count);
        Assert.Equal(45, selection.Triggered!.Count(t => t));
    }

    [Fact]
    public void Apply_IsDeterministicInTheSeed()
    {
        var indices = Enumerable.Range(0, 100).ToArray();
        var backdoor = PixelBackdoor.WithCount(2, 10);

        Assert.Equal(backdoor.Apply(Data, indices, 1).Indices, backdoor.Apply(Data, indices, 1).Indices);
        Assert.NotEqual(backdoor.Apply(Data, indices, 1).Indices, backdoor.Apply(Data, indices, 2).Indices);
    }

    [Fact]
    public void Apply_CustomTrigger_IsKept()
    {
        var trigger = new PixelTrigger(0, 0, 2, 3, 0.5f);

        var selection = PixelBackdoor.WithCount(2, 1, trigger).Apply(Data, [0, 1], seed: 1);

        Assert.Equal(trigger, selection.Trigger);
    }

    [Fact]
    public void EvaluationSet_IsEveryNonTargetTestSample_TriggeredWithTrueLabels()
    {
        var evaluation = PixelBackdoor.WithCount(4, 1).EvaluationSet(Data);

        Assert.Equal(180, evaluation.Count);
        Assert.DoesNotContain(evaluation.Indices, i => Data.Labels[i] == 4);
        Assert.Null(evaluation.Labels);
        Assert.All(evaluation.Triggered!, Assert.True);
        Assert.NotNull(evaluation.Trigger);
    }

    [Fact]
    public void Apply_MoreCopiesThanEligibleSamples_Throws()
    {
        Assert.Throws<ArgumentException>(() => PixelBackdoor.WithCount(0, 5).Apply(Data, [0, 1, 2], seed: 1));
    }
}
