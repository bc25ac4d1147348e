namespace FedActors.Simulation.Tests.ModelPoisoning;

public sealed class ModelReplacementTests
{
    [Fact]
    public void Scale_GammaThree_MultipliesEveryCoordinate()
    {
        // Arrange
        float[] delta = [1f, -2f, 0.5f, 0f];

        // Act
        var scaled = ModelReplacement.Scale(delta, 3);

        // Assert
        Assert.Equal([3f, -6f, 1.5f, 0f], scaled);
        Assert.Equal([1f, -2f, 0.5f, 0f], delta);
    }

    [Fact]
    public void Scale_ReplacesTheGlobalModel_WhenAveragedWithGammaNOverEta()
    {
        // Arrange: G = [1, 1], X = [3, 0]; the other 3 clients send zero updates; η = 0.5, n = 4 → γ = 8.
        float[] global = [1f, 1f];
        float[] x = [3f, 0f];
        var gamma = ModelReplacement.AutoGamma(4, 0.5);

        // Act: 000 Eq. 1 and FedAvg with equal weights.
        var update = ModelReplacement.Scale([x[0] - global[0], x[1] - global[1]], gamma);
        var next = FedAvg.Aggregate(global, [update, [0f, 0f], [0f, 0f], [0f, 0f]], [1, 1, 1, 1], [1, 1, 1, 1], serverLearningRate: 0.5);

        // Assert
        Assert.Equal(8.0, gamma);
        Assert.Equal(x, next);
    }

    [Theory]
    [InlineData(10, 1.0, 10.0)]
    [InlineData(10, 0.5, 20.0)]
    [InlineData(1, 2.0, 0.5)]
    public void AutoGamma_IsClientsOverServerRate(int clients, double eta, double expected) =>
        Assert.Equal(expected, ModelReplacement.AutoGamma(clients, eta), 12);

    [Fact]
    public void AutoGamma_NonPositiveRateOrNoClients_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelReplacement.AutoGamma(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelReplacement.AutoGamma(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelReplacement.Scale([1f], double.NaN));
    }
}
