namespace FedActors.Simulation.Tests.Defenses;

public sealed class FoolsGoldTests
{
    [Fact]
    public void Weights_TwoIdenticalHistories_WeighZero_TheOddOneOut_One()
    {
        // cs_12 = 1, cs_13 = cs_23 = 0; v = [1, 1, 0]; pardoning cs_31, cs_32 ← 0·0/1 = 0.
        // α = [1 − 1, 1 − 1, 1 − 0] = [0, 0, 1]; divided by max 1; logit: 0 → 0, 1 → 1.
        double[][] histories = [[1, 0], [1, 0], [0, 1]];

        var weights = FoolsGold.Weights(histories);

        Assert.Equal([0.0, 0.0, 1.0], weights);
    }

    [Fact]
    public void Weights_WithPardoning_HandComputed()
    {
        // H1 = [1, 0, 0], H2 = [0.6, 0.8, 0], H3 = [y, −0.75y, z] with y = √0.12 and z = √(1 − 1.5625y²), all unit vectors:
        // cs_12 = 0.6, cs_13 = y, cs_23 = 0.6y − 0.6y = 0. v = [0.6, 0.6, y ≈ 0.346].
        // Pardoning client 3 (v_1 = 0.6 > y): cs_31 ← y·y/0.6 = 0.2; cs_32 stays 0 (0·…).
        // α = [1 − 0.6, 1 − 0.6, 1 − 0.2] = [0.4, 0.4, 0.8] → / 0.8 → [0.5, 0.5, 1];
        // logit: ln(0.5/0.5) + 0.5 = 0.5 for clients 1 and 2, and 1 for client 3.
        var y = Math.Sqrt(0.12);
        double[][] histories = [[1, 0, 0], [0.6, 0.8, 0], [y, -0.75 * y, Math.Sqrt(1 - (1.5625 * 0.12))]];

        var weights = FoolsGold.Weights(histories);
        var lowConfidence = FoolsGold.Weights(histories, kappa: 0.5);

        Assert.Equal(0.5, weights[0], 9);
        Assert.Equal(0.5, weights[1], 9);
        Assert.Equal(1.0, weights[2], 9);
        Assert.Equal(0.25, lowConfidence[0], 9);
        Assert.Equal(1.0, lowConfidence[2], 9); // α = 1 → 1 whatever κ
    }

    [Fact]
    public void Weights_AllOrthogonal_AllOne_AndALoneClientOne()
    {
        Assert.Equal([1.0, 1.0, 1.0], FoolsGold.Weights([[1, 0, 0], [0, 2, 0], [0, 0, 3]]));
        Assert.Equal([1.0], FoolsGold.Weights([[5, 5]]));
    }

    [Fact]
    public void Weights_EveryoneIdentical_EveryoneZero()
    {
        Assert.Equal([0.0, 0.0, 0.0], FoolsGold.Weights([[1, 1], [2, 2], [3, 3]]));
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(0.0, 1.0, 0.0)]
    [InlineData(0.5, 1.0, 0.5)]
    [InlineData(0.2, 1.0, 0.0)]
    [InlineData(0.9, 1.0, 1.0)]
    [InlineData(0.6, 1.0, 0.9054651081081644)] // ln(1.5) + 0.5
    public void Logit_HandComputed(double alpha, double kappa, double expected)
    {
        Assert.Equal(expected, FoolsGold.Logit(alpha, kappa), 12);
    }
}
