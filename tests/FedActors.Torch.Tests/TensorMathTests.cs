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

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2048)]
    [InlineData(100_003)]
    public void ElementwiseOps_OfAnyLength_AreBitIdenticalToTheScalarLoop(int length)
    {
        // Arrange: lengths that end inside a vector and span many; values of mixed signs and scales.
        var random = new Random(length);
        var x = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 6)))).ToArray();
        var y = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var sum = Enumerable.Range(0, length).Select(i => i * 0.25).ToArray();

        // Act
        var difference = new float[length];
        TensorMath.Subtract(x, y, difference);
        var added = TensorMath.Add(x, y);
        var scaled = (double[])sum.Clone();
        TensorMath.AddScaled(scaled, 0.3, x);
        var inPlace = (float[])x.Clone();
        TensorMath.Subtract(inPlace, y, inPlace);

        // Assert
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(x[i] - y[i], difference[i]);
            Assert.Equal(x[i] + y[i], added[i]);
            Assert.Equal(sum[i] + 0.3 * x[i], scaled[i]);
            Assert.Equal(difference[i], inPlace[i]);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100_003)]
    public void SumOfSquaresIfFinite_MatchesTheDoubleSumTo1e12(int length)
    {
        var random = new Random(length);
        var x = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        var squares = TensorMath.SumOfSquaresIfFinite(x, out var index);

        Assert.Equal(-1, index);
        Assert.NotNull(squares);
        var expected = TensorMath.Dot(x, x);
        Assert.True(Math.Abs(squares.Value - expected) <= 1e-12 * expected, $"{squares} vs {expected}");
    }

    [Theory]
    [InlineData(0, float.NaN)]
    [InlineData(33, float.PositiveInfinity)]
    [InlineData(99_999, float.NegativeInfinity)]
    [InlineData(100_002, float.NaN)]
    public void SumOfSquaresIfFinite_NamesTheFirstNonFiniteValue(int at, float value)
    {
        var x = Enumerable.Range(0, 100_003).Select(i => (float)i).ToArray();
        x[at] = value;
        x[^1] = at == x.Length - 1 ? value : float.NaN;

        var squares = TensorMath.SumOfSquaresIfFinite(x, out var index);

        Assert.Null(squares);
        Assert.Equal(at, index);
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
    public void PairwiseSquaredDistances_IdenticalRows_AreExactlyZeroApart()
    {
        // Arrange: six copies of one update (sybils), of a length that is no multiple of any chunk.
        var row = RandomRow(new StableRandom(5), 50_001, scale: 1);
        var rows = Enumerable.Range(0, 6).Select(_ => (float[])row.Clone()).ToList();

        // Act
        var distances = TensorMath.PairwiseSquaredDistances(rows);

        // Assert
        Assert.All(distances.Cast<double>(), d => Assert.Equal(0.0, d));
    }

    [Fact]
    public void PairwiseSquaredDistances_RowsSharingALargeComponent_MatchTheNaiveLoopTo1e6()
    {
        // Arrange: every row is one common vector plus a difference 10^4 times smaller, as updates that share a
        // direction: ||x_i - x_j||^2 is about 10^-8 of the squared norms, where n_i + n_j - 2 x_i.x_j cancels.
        var random = new StableRandom(7);
        var common = RandomRow(random, 30_001, scale: 100);
        var rows = Enumerable.Range(0, 12)
            .Select(_ => common.Zip(RandomRow(random, common.Length, scale: 1e-2f), (c, e) => c + e).ToArray())
            .ToList();

        // Act
        var distances = TensorMath.PairwiseSquaredDistances(rows);

        // Assert
        AssertMatchesTheNaiveLoop(rows, distances, 1e-6);
    }

    [Fact]
    public void PairwiseSquaredDistances_PairsFromFarToNearlyEqual_MatchTheNaiveLoop()
    {
        // Arrange: rows sqrt(c) common + sqrt(1 - c) own_i, so pairs meet at cosines from about 0.4 to 1 - 10^-6: on
        // both sides of where the float32 Gram products stop being trusted (about 0.69) and far past it.
        var random = new StableRandom(13);
        var common = RandomRow(random, 20_000, scale: 1);
        double[] shares = { 0.4, 0.6, 0.66, 0.68, 0.7, 0.72, 0.8, 0.99, 0.9999, 0.999999 };
        var rows = shares
            .Select(c => common.Zip(RandomRow(random, common.Length, scale: 1), (x, y) => (float)(Math.Sqrt(c) * x + Math.Sqrt(1 - c) * y)).ToArray())
            .ToList();

        // Act
        var distances = TensorMath.PairwiseSquaredDistances(rows);

        // Assert
        AssertMatchesTheNaiveLoop(rows, distances, 1e-4);
    }

    [Fact]
    public void PairwiseSquaredDistances_TinyAndZeroRows_MatchTheNaiveLoop()
    {
        // Arrange: values near 1e-24, whose float32 products underflow to 0 (a Gram product of zeros would put every
        // pair n_i + n_j apart), some nearly equal, and two zero rows.
        var random = new StableRandom(17);
        var tiny = Enumerable.Range(0, 6).Select(_ => RandomRow(random, 10_000, scale: 1e-24f)).ToList();
        tiny.Add(tiny[0].Select(v => v * (1 + 1e-6f)).ToArray());
        tiny.Add(new float[10_000]);
        tiny.Add(new float[10_000]);

        // Act
        var distances = TensorMath.PairwiseSquaredDistances(tiny);

        // Assert
        AssertMatchesTheNaiveLoop(tiny, distances, 1e-6);
        Assert.Equal(0.0, distances[7, 8]);
    }

    [Fact]
    public void PairwiseSquaredDistances_RaggedInput_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => TensorMath.PairwiseSquaredDistances(new float[7], 2));
    }

    [Fact]
    public void CrossSquaredDistances_RandomRows_MatchTheNaiveLoop()
    {
        // Arrange: 5 rows against 8 rows of 3,001 values (several column chunks, the last one short), one pair equal.
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
                Assert.True(Math.Abs(distances[i, j] - naive) <= 1e-4 * naive, $"({i},{j}): {distances[i, j]} vs {naive}");
            }
        }

        // The identical pair is close, so it is summed again directly: exactly 0.
        Assert.Equal(0.0, distances[4, 2]);
    }

    [Fact]
    public void CrossSquaredDistances_OneRowAgainstAFew_AreSummedDirectlyInFloat64()
    {
        // Arrange: one attacker's update against nine others (as the stealth metrics ask of a round), 100,003 values
        // each. So few pairs are summed directly and match the double loop to its rounding (about 1e-13); the float32
        // Gram products of 3 rows against these 9 are off by up to about 1.5e-9.
        var random = new StableRandom(19);
        var a = new List<float[]> { RandomRow(random, 100_003, scale: 1) };
        var b = Enumerable.Range(0, 9).Select(_ => RandomRow(random, 100_003, scale: 1)).ToList();

        // Act
        var distances = TensorMath.CrossSquaredDistances(a, b);

        // Assert
        for (var j = 0; j < b.Count; j++)
        {
            var naive = TensorMath.SquaredDistance(a[0], b[j]);
            Assert.True(Math.Abs(distances[0, j] - naive) <= 1e-12 * naive, $"(0,{j}): {distances[0, j]} vs {naive}");
        }
    }

    [Fact]
    public void CrossSquaredDistances_EmptySideOrRaggedRows()
    {
        Assert.Equal(new double[2, 0], TensorMath.CrossSquaredDistances([new float[3], new float[3]], []));
        Assert.Throws<ArgumentException>(() => TensorMath.CrossSquaredDistances([new float[3]], [new float[4]]));
    }

    /// <summary>Values uniform in [−scale, scale).</summary>
    private static float[] RandomRow(StableRandom random, int length, float scale)
    {
        var row = new float[length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return row;
    }

    /// <summary>Zero diagonal, exact symmetry, and every pair within <paramref name="relative"/> of the double loop.</summary>
    private static void AssertMatchesTheNaiveLoop(IReadOnlyList<float[]> rows, double[,] distances, double relative)
    {
        for (var a = 0; a < rows.Count; a++)
        {
            Assert.Equal(0.0, distances[a, a]);
            for (var b = a + 1; b < rows.Count; b++)
            {
                var naive = TensorMath.SquaredDistance(rows[a], rows[b]);
                Assert.Equal(distances[a, b], distances[b, a]);
                Assert.True(Math.Abs(distances[a, b] - naive) <= relative * naive, $"({a},{b}): {distances[a, b]} vs {naive}");
            }
        }
    }
}
