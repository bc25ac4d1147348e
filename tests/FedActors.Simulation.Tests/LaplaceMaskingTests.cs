using FedActors.Torch;

namespace FedActors.Simulation.Tests;

public sealed class LaplaceMaskingTests
{
    [Fact]
    public void Sample_ManyDraws_HaveMeanZeroAndMeanAbsoluteB()
    {
        // Arrange: for Laplace(0, b), E[x] = 0 and E[|x|] = b.
        var random = new StableRandom(123);
        const double b = 0.3;
        const int n = 200_000;

        // Act
        var draws = Enumerable.Range(0, n).Select(_ => LaplaceMasking.Sample(random, b)).ToArray();

        // Assert: standard errors are b·√2/√n ≈ 0.001 and b/√n ≈ 0.0007.
        Assert.InRange(draws.Average(), -0.005, 0.005);
        Assert.InRange(draws.Average(Math.Abs), b - 0.005, b + 0.005);
        Assert.InRange(draws.Count(x => x > 0) / (double)n, 0.49, 0.51);
    }

    [Fact]
    public void Mask_SameSeed_SameNoise_OtherSeedOtherNoise()
    {
        float[] update = [1f, 2f, 3f, 4f];

        var a = LaplaceMasking.Mask(update, 0.1, LaplaceMasking.Seed(7, round: 2, clientId: 3));
        var again = LaplaceMasking.Mask(update, 0.1, LaplaceMasking.Seed(7, round: 2, clientId: 3));
        var otherClient = LaplaceMasking.Mask(update, 0.1, LaplaceMasking.Seed(7, round: 2, clientId: 4));
        var otherRound = LaplaceMasking.Mask(update, 0.1, LaplaceMasking.Seed(7, round: 3, clientId: 3));

        Assert.Equal(a, again);
        Assert.NotEqual(a, otherClient);
        Assert.NotEqual(a, otherRound);
        Assert.NotEqual(update, a);
        Assert.Equal([1f, 2f, 3f, 4f], update);
    }

    [Fact]
    public void Mask_ZeroScale_ReturnsTheUpdateUnchanged()
    {
        float[] update = [1f, -2f];

        Assert.Same(update, LaplaceMasking.Mask(update, 0, seed: 5));
    }

    [Fact]
    public void Mask_NegativeScale_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LaplaceMasking.Mask([1f], -1, seed: 5));
}
