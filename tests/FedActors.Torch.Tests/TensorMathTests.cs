namespace FedActors.Torch.Tests;

public sealed class TensorMathTests
{
    [Fact]
    public void NormDotCosine_HandComputedVectors()
    {
        // Arrange: x = (3, 4), y = (4, -3): orthogonal, both of norm 5.
        float[] x = { 3, 4 };
        float[] y = { 4, -3 };

        // Act & Assert
        Assert.Equal(5.0, TensorMath.L2Norm(x), 12);
        Assert.Equal(0.0, TensorMath.Dot(x, y), 12);
        Assert.Equal(0.0, TensorMath.Cosine(x, y), 12);
        Assert.Equal(1.0, TensorMath.Cosine(x, x), 12);
        Assert.Equal(50.0, TensorMath.SquaredDistance(x, y), 12);
        Assert.Equal(0.0, TensorMath.Cosine(x, new float[2]), 12);
    }

    [Fact]
    public void PairwiseSquaredDistances_HandComputed()
    {
        // Rows (0,0), (3,4), (6,8): distances² 25, 100, 25.
        float[] rows = { 0, 0, 3, 4, 6, 8 };

        var d = TensorMath.PairwiseSquaredDistances(rows, 3);

        Assert.Equal(new double[,] { { 0, 25, 100 }, { 25, 0, 25 }, { 100, 25, 0 } }, d);
    }

    [Fact]
    public void PairwiseSquaredDistances_RandomUpdates_MatchTheNaiveLoopAndAreSymmetricAndNonNegative()
    {
        // Arrange: 40 updates of 20,000 dimensions, some nearly identical (the case that cancels badly).
        const int k = 40, d = 20_000;
        var random = new StableRandom(11);
        var rows = new float[k * d];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)(random.NextDouble() * 2 - 1);
        }

        for (var j = 0; j < d; j++)
        {
            rows[d + j] = rows[j] + 1e-3f * (float)(random.NextDouble() - 0.5);
        }

        // Act
        var fast = TensorMath.PairwiseSquaredDistances(rows, k);

        // Assert
        for (var a = 0; a < k; a++)
        {
            Assert.Equal(0.0, fast[a, a]);
            for (var b = 0; b < k; b++)
            {
                var naive = TensorMath.SquaredDistance(rows.AsSpan(a * d, d), rows.AsSpan(b * d, d));
                Assert.True(fast[a, b] >= 0);
                Assert.Equal(fast[a, b], fast[b, a]);
                if (a != b)
                {
                    Assert.True(Math.Abs(fast[a, b] - naive) <= 1e-4 * naive, $"({a},{b}): {fast[a, b]} vs {naive}");
                }
            }
        }
    }

    [Fact]
    public void PairwiseSquaredDistances_RaggedInput_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => TensorMath.PairwiseSquaredDistances(new float[7], 2));
    }
}
