namespace FedActors.Simulation.Tests.Defenses;

public sealed class RobustAggregationTests
{
    [Fact]
    public void CoordinateMedian_OddCount_IsTheMiddleValuePerCoordinate()
    {
        float[][] updates = [[1f, 2f, 3f], [4f, 0f, 6f], [7f, 8f, 0f]];

        Assert.Equal([4f, 2f, 3f], RobustAggregation.CoordinateMedian(updates));
    }

    [Fact]
    public void CoordinateMedian_EvenCount_IsTheMeanOfTheTwoMiddleValues()
    {
        float[][] updates = [[1f, -5f], [3f, 5f], [100f, 0f], [-100f, 1f]];

        Assert.Equal([2f, 0.5f], RobustAggregation.CoordinateMedian(updates));
    }

    [Fact]
    public void TrimmedMean_DropsFloorBetaKAtEachEndThenAverages()
    {
        float[][] updates = [[0f], [1f], [2f], [100f]];

        Assert.Equal([1.5f], RobustAggregation.TrimmedMean(updates, 0.25));
        Assert.Equal([25.75f], RobustAggregation.TrimmedMean(updates, 0.0));
        Assert.Equal([25.75f], RobustAggregation.TrimmedMean(updates, 0.2)); // ⌊0.8⌋ = 0: nothing trimmed
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void TrimmedMean_BetaOutsideRange_Throws(double beta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RobustAggregation.TrimmedMean([[1f]], beta));
    }

    [Fact]
    public void CoordinateMedian_NoUpdatesOrMixedDimensions_Throws()
    {
        Assert.Throws<ArgumentException>(() => RobustAggregation.CoordinateMedian([]));
        Assert.Throws<ArgumentException>(() => RobustAggregation.CoordinateMedian([[1f], [1f, 2f]]));
    }
}
