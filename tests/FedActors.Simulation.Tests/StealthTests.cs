using FedActors.Torch;

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

    [Fact]
    public void Scores_RandomRound_MatchTheDefinitionComputedPairByPair()
    {
        // Arrange: 30 updates of 500 values, 7 of them malicious (ids scattered).
        var random = new StableRandom(5);
        var updates = Enumerable.Range(0, 30).ToDictionary(
            id => id * 3 + 1,
            _ => Enumerable.Range(0, 500).Select(_ => (float)(random.NextDouble() - 0.3)).ToArray());
        var malicious = new HashSet<int> { 1, 10, 22, 46, 61, 79, 88 };

        // Act
        var scores = Stealth.Scores(updates, malicious);

        // Assert: the cosine to the sum of every other update, the largest distance to a benign one.
        Assert.Equal(malicious.Order(), scores.Select(s => s.ClientId));
        foreach (var score in scores)
        {
            var update = updates[score.ClientId];
            var others = new double[update.Length];
            foreach (var (id, vector) in updates.Where(u => u.Key != score.ClientId))
            {
                for (var i = 0; i < others.Length; i++)
                {
                    others[i] += vector[i];
                }
            }

            var dot = update.Select((x, i) => x * others[i]).Sum();
            var cosine = dot / Math.Sqrt(update.Sum(x => (double)x * x)) / Math.Sqrt(others.Sum(y => y * y));
            var maxDistance = updates.Where(u => !malicious.Contains(u.Key)).Max(u => Math.Sqrt(TensorMath.SquaredDistance(update, u.Value)));
            Assert.Equal(cosine, score.CosineToOthers, 9);
            Assert.Equal(maxDistance, score.MaxDistanceToBenign, tolerance: 1e-6 * maxDistance);
        }
    }

    [Fact]
    public void Scores_UpdatesOfDifferentLengths_AreRejectedNamingTheClient()
    {
        var updates = new Dictionary<int, float[]> { [0] = [1f, 0f], [1] = [0f, 1f, 2f] };

        var error = Assert.Throws<ArgumentException>(() => Stealth.Scores(updates, new HashSet<int> { 0 }));

        Assert.Contains("client 1", error.Message, StringComparison.Ordinal);
    }
}
