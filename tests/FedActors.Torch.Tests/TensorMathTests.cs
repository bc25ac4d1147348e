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

    [Fact]
    public void CrossSquaredDistances_RandomRows_MatchTheNaiveLoop()
    {
        // Arrange: 5 rows against 8 rows of 3,001 values (more than one column chunk is not needed for correctness,
        // but an odd length catches off-by-one slicing).
        var random = new StableRandom(3);
        float[] Row() => Enumerable.Range(0, 3_001).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var a = Enumerable.Range(0, 5).Select(_ => Row()).ToList();
        var b = Enumerable.Range(0, 8).Select(_ => Row()).ToList();
        b[2] = (float[])a[4].Clone();

        // Act
        var distances = TensorMath.CrossSquaredDistances(a, b);

        // Assert
        Assert.Equal(5, distances.GetLength(0));
        Assert.Equal(8, distances.GetLength(1));
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < b.Count; j++)
            {
                var naive = TensorMath.SquaredDistance(a[i], b[j]);
                Assert.True(Math.Abs(distances[i, j] - naive) <= 1e-9 * Math.Max(1, naive), $"({i},{j}): {distances[i, j]} vs {naive}");
            }
        }

        Assert.True(distances[4, 2] < 1e-9);
    }

    [Fact]
    public void CrossSquaredDistances_EmptySideOrRaggedRows()
    {
        Assert.Equal(new double[2, 0], TensorMath.CrossSquaredDistances([new float[3], new float[3]], []));
        Assert.Throws<ArgumentException>(() => TensorMath.CrossSquaredDistances([new float[3]], [new float[4]]));
    }
}
