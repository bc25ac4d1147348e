namespace FedActors.Simulation.Tests.Defenses;

public sealed class EvasionProbabilityTests
{
    [Fact]
    public void Compute_SmallCase_ByHand()
    {
        // K = 4, 2 malicious, u = 1, e = 1, t = 1: only i = 1 counts:
        // [C(2,0)·C(2,1)/C(4,1)] · [C(1,1)·C(2,0)/C(3,1)] = (2/4)·(1/3) = 1/6.
        Assert.Equal(1.0 / 6, EvasionProbability.Compute(4, 0.5, 1, 1, 1), 12);
    }

    [Fact]
    public void Compute_NoMaliciousClients_IsZero()
    {
        Assert.Equal(0.0, EvasionProbability.Compute(100, 0.0, 10, 3, 0));
    }

    [Fact]
    public void Compute_SummedOverTheMaliciousEvaluatorCounts_IsTheChanceOfAMaliciousUpdateInTheSubModel()
    {
        // Σ_t p_evd(t) = P(at least one malicious update among u) = 1 − C(K(1−p), u)/C(K, u).
        var sum = Enumerable.Range(0, 4).Sum(t => EvasionProbability.Compute(50, 0.2, 5, 3, t));
        var expected = 1 - ((double)EvasionProbability.Choose(40, 5) / (double)EvasionProbability.Choose(50, 5));

        Assert.Equal(expected, sum, 12);
    }

    [Theory]
    [InlineData(10, 0.15, 2, 1, 0, "K·p = 1.5 must be a whole number of malicious clients")]
    [InlineData(10, 0.1, 11, 1, 0, "u = 11 must be in [1, K = 10]")]
    [InlineData(10, 0.1, 5, 6, 0, "e = 6 must be in [1, K − u = 5]")]
    [InlineData(10, 0.1, 5, 3, 4, "t = 4 must be in [0, e = 3]")]
    public void Compute_BadArguments_SayWhichAndWhy(int k, double p, int u, int e, int t, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => EvasionProbability.Compute(k, p, u, e, t));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Choose_IsTheBinomialCoefficient()
    {
        Assert.Equal(10, (int)EvasionProbability.Choose(5, 2));
        Assert.Equal(1, (int)EvasionProbability.Choose(5, 0));
        Assert.Equal(0, (int)EvasionProbability.Choose(5, 6));
        Assert.Equal(0, (int)EvasionProbability.Choose(5, -1));
    }
}
