namespace FedActors.Simulation.Tests;

public sealed class StealthTests
{
    [Fact]
    public void Scores_OneMalicious_CosineToMeanAndMaxBenignDistance()
    {
        // Arrange: others' mean = [0, 1], orthogonal to [1, 0]; distances 1 and √5.
        var updates = new Dictionary<int, float[]>
        {
            [0] = [1f, 0f],
            [1] = [1f, 1f],
            [2] = [-1f, 1f],
        };

        // Act
        var score = Assert.Single(Stealth.Scores(updates, new HashSet<int> { 0 }));

        // Assert
        Assert.Equal(0, score.ClientId);
        Assert.Equal(0.0, score.CosineToOthers, 12);
        Assert.Equal(Math.Sqrt(5), score.MaxDistanceToBenign, 12);
    }

    [Fact]
    public void Scores_TwoMalicious_OthersIncludeFellowAttacker()
    {
        // Arrange: for client 0 the others sum to [2, 1]: cosine 2/√5; only benign [1, 1] counts for distance.
        var updates = new Dictionary<int, float[]>
        {
            [3] = [1f, 0f],
            [0] = [1f, 0f],
            [1] = [1f, 1f],
        };

        // Act
        var scores = Stealth.Scores(updates, new HashSet<int> { 0, 3 });

        // Assert
        Assert.Equal([0, 3], scores.Select(s => s.ClientId));
        Assert.All(scores, s => Assert.Equal(2 / Math.Sqrt(5), s.CosineToOthers, 12));
        Assert.All(scores, s => Assert.Equal(1.0, s.MaxDistanceToBenign, 12));
    }

    [Fact]
    public void Scores_NoBenignUpdates_DistanceNaN()
    {
        // Arrange
        var updates = new Dictionary<int, float[]> { [0] = [1f, 0f], [1] = [0f, 1f] };

        // Act
        var scores = Stealth.Scores(updates, new HashSet<int> { 0, 1 });

        // Assert
        Assert.All(scores, s => Assert.True(double.IsNaN(s.MaxDistanceToBenign)));
        Assert.All(scores, s => Assert.Equal(0.0, s.CosineToOthers, 12));
    }
}
