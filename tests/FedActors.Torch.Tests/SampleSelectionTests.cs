namespace FedActors.Torch.Tests;

public sealed class SampleSelectionTests
{
    [Fact]
    public void Chunks_CutsConsecutivePartsWithTheirOwnLabelsAndFlags_TheLastShorter()
    {
        var trigger = new PixelTrigger(Top: 1, Left: 2, Height: 3, Width: 4, Value: 0.5f);
        var selection = new SampleSelection([10, 11, 12, 13, 14, 15, 16])
        {
            Labels = [0, 1, 2, 3, 4, 5, 6],
            Triggered = [true, false, true, false, true, false, true],
            Trigger = trigger,
        };

        var chunks = selection.Chunks(3);

        Assert.Equal([[10, 11, 12], [13, 14, 15], [16]], chunks.Select(c => c.Indices.ToArray()));
        Assert.Equal([[0, 1, 2], [3, 4, 5], [6]], chunks.Select(c => c.Labels!.ToArray()));
        Assert.Equal([[true, false, true], [false, true, false], [true]], chunks.Select(c => c.Triggered!.ToArray()));
        Assert.All(chunks, c => Assert.Equal(trigger, c.Trigger));
    }

    [Fact]
    public void Chunks_WithoutLabelsOrFlags_KeepsThemNull()
    {
        var chunks = new SampleSelection([1, 2, 3, 4]).Chunks(2);

        Assert.Equal(2, chunks.Count);
        Assert.All(chunks, c => Assert.Null(c.Labels));
        Assert.All(chunks, c => Assert.Null(c.Triggered));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(100)]
    public void Chunks_SelectionThatFitsInOne_IsItself(int size)
    {
        var selection = new SampleSelection([1, 2, 3, 4]);

        Assert.Same(selection, Assert.Single(selection.Chunks(size)));
    }

    [Fact]
    public void Chunks_SizeBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleSelection([1]).Chunks(0));
    }

    [Fact]
    public void ConfusionMatrixSum_AddsCellByCell()
    {
        var sum = ConfusionMatrix.Sum([new ConfusionMatrix(2, [1, 2, 3, 4]), new ConfusionMatrix(2, [10, 0, 0, 20]), new ConfusionMatrix(2, [0, 5, 6, 0])]);

        Assert.Equal([11L, 7, 9, 24], sum.Counts.ToArray());
        Assert.Equal(51, sum.Total);
    }

    [Fact]
    public void ConfusionMatrixSum_OfDifferentClassCountsOrNone_Throws()
    {
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Sum([new ConfusionMatrix(2, [1, 0, 0, 1]), new ConfusionMatrix(1, [3])]));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Sum([]));
    }
}
