using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class DpGaussianTests
{
    // Clipped to S = 1: [3, 4] → [0.6, 0.8]; [0, 0.5] stays. Mean: [0.3, 0.65].
    private static readonly float[][] Updates = [[3f, 4f], [0f, 0.5f]];

    [Fact]
    public void Aggregate_SigmaZero_IsTheMeanOfTheClippedUpdates()
    {
        var result = DpGaussian.Aggregate(Updates, clipBound: 1, sigma: 0, new StableRandom(1));

        var expected = new[] { UpdateChecks.Clip(Updates[0], 1), UpdateChecks.Clip(Updates[1], 1) };
        Assert.Equal([(float)(((double)expected[0][0] + expected[1][0]) / 2), (float)(((double)expected[0][1] + expected[1][1]) / 2)], result);
        Assert.Equal(0.3f, result[0], 6);
        Assert.Equal(0.65f, result[1], 6);
    }

    [Fact]
    public void Aggregate_SameSeed_SameNoise_AnotherRound_OtherNoise()
    {
        var a = DpGaussian.Aggregate(Updates, 1, 0.5, new StableRandom(DpGaussian.Seed(42, 3)));
        var b = DpGaussian.Aggregate(Updates, 1, 0.5, new StableRandom(DpGaussian.Seed(42, 3)));
        var c = DpGaussian.Aggregate(Updates, 1, 0.5, new StableRandom(DpGaussian.Seed(42, 4)));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Aggregate_NoiseStd_IsSigmaSOverK()
    {
        // Arrange: K = 4 zero updates of 40 000 coordinates, S = 2, σ = 0.8 → noise std σS/K = 0.4.
        const int d = 40_000;
        var updates = Enumerable.Range(0, 4).Select(_ => new float[d]).ToList();

        // Act
        var result = DpGaussian.Aggregate(updates, 2, 0.8, new StableRandom(DpGaussian.Seed(9, 0)));

        // Assert: the sample std of 40 000 normals is within 2% of the truth with overwhelming probability.
        var mean = result.Average(x => (double)x);
        var std = Math.Sqrt(result.Sum(x => (x - mean) * (x - mean)) / (d - 1));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.4 * 0.98, 0.4 * 1.02);
    }

    [Fact]
    public void StandardNormals_OddCount_AndMoments()
    {
        var values = DpGaussian.StandardNormals(new StableRandom(5), 100_001);

        Assert.Equal(100_001, values.Length);
        Assert.InRange(values.Average(), -0.02, 0.02);
        Assert.InRange(values.Average(v => v * v), 0.98, 1.02);
    }

    [Fact]
    public void Aggregate_NoUpdates_OrNegativeSigma_Throws()
    {
        Assert.Throws<ArgumentException>(() => DpGaussian.Aggregate([], 1, 0, new StableRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DpGaussian.Aggregate(Updates, 1, -1, new StableRandom(1)));
    }
}
