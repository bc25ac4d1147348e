using FedActors.Torch;

namespace FedActors.Data.Tests.Partitioning;

public sealed class DirichletTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(4.5)]
    public void LogGamma_ManyDraws_HaveMeanAndVarianceOfShape(double shape)
    {
        // Arrange
        var random = new StableRandom(1234);
        const int draws = 200_000;

        // Act
        var values = Enumerable.Range(0, draws).Select(_ => Math.Exp(Dirichlet.LogGamma(random, shape))).ToArray();

        // Assert: Gamma(a, 1) has mean a and variance a.
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, shape * 0.98, shape * 1.02);
        Assert.InRange(variance, shape * 0.95, shape * 1.05);
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(0.5)]
    [InlineData(100.0)]
    public void Sample_AnyAlpha_IsAProbabilityVector(double alpha)
    {
        // Arrange
        var random = new StableRandom(8);

        // Act
        var proportions = Dirichlet.Sample(random, alpha, 20);

        // Assert
        Assert.All(proportions, p => Assert.InRange(p, 0.0, 1.0));
        Assert.Equal(1.0, proportions.Sum(), 1e-12);
    }
}
