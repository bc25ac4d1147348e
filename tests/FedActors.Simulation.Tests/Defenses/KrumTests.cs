namespace FedActors.Simulation.Tests.Defenses;

public sealed class KrumTests
{
    // 1-D points 0, 1, 2, 10, 11 with f = 1: each score sums the K − f − 2 = 2 smallest squared distances.
    //   0: {1, 4, 100, 121} → 5;  1: {1, 1, 81, 100} → 2;  2: {4, 1, 64, 81} → 5;  10: {100, 81, 64, 1} → 65;  11: {121, 100, 81, 1} → 82.
    private static readonly float[][] Points = [[0f], [1f], [2f], [10f], [11f]];

    [Fact]
    public void Scores_HandComputed()
    {
        var scores = Krum.Scores(Krum.SquaredDistances(Points), f: 1);

        Assert.Equal([5.0, 2.0, 5.0, 65.0, 82.0], scores);
    }

    [Fact]
    public void Select_Krum_KeepsTheSmallestScore_MultiKrumTheMSmallest_TiesToTheLowerIndex()
    {
        double[] scores = [5, 2, 5, 65, 82];

        Assert.Equal([1], Krum.Select(scores, 1));
        Assert.Equal([0, 1], Krum.Select(scores, 2));
        Assert.Equal([0, 1, 2], Krum.Select(scores, 3));
    }

    [Theory]
    [InlineData(5, 1, 2)]
    [InlineData(9, 3, 4)]
    [InlineData(3, 1, 1)] // fewer than 2f + 3 reached the stage: clamped to one neighbour
    [InlineData(1, 0, 0)]
    public void Neighbours_IsKMinusFMinus2_AtLeastOne(int count, int f, int expected)
    {
        Assert.Equal(expected, Krum.Neighbours(count, f));
    }

    [Fact]
    public void SquaredDistances_AreThePairwiseSquaredL2Distances()
    {
        var d = Krum.SquaredDistances([[0f, 0f], [3f, 4f]]);

        Assert.Equal(25.0, d[0, 1], 9);
        Assert.Equal(25.0, d[1, 0], 9);
        Assert.Equal(0.0, d[0, 0]);
    }
}
