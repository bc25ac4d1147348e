using System.Numerics;
using System.Runtime.InteropServices;
using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>Vector math on flat update vectors: norms, dot products and cosines in C#, pairwise distances in libtorch.</summary>
public static unsafe class TensorMath
{
    /// <summary>Euclidean norm, accumulated in double.</summary>
    public static double L2Norm(ReadOnlySpan<float> x) => Math.Sqrt(Dot(x, x));

    /// <summary>Dot product, accumulated in double so that million-dimensional updates keep their precision.</summary>
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"vectors of lengths {x.Length} and {y.Length}");
        }

        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += (double)x[i] * y[i];
        }

        return sum;
    }

    /// <summary>x + y element by element (a model plus an update) in a new array.</summary>
    public static float[] Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var sum = new float[x.Length];
        Add(x, y, sum);
        return sum;
    }

    /// <summary>Writes x + y into <paramref name="destination"/> (of their length), for a caller that reuses one buffer.</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Elementwise<AddOperator>(x, y, destination);

    /// <summary>A length of double blocks that stays in a core's cache, for sums over many vectors taken block by block.</summary>
    public const int BlockLength = 2048;

    /// <summary>sum[i] += a · x[i], in double, each value on its own (so exactly as a scalar loop would).</summary>
    public static void AddScaled(Span<double> sum, double a, ReadOnlySpan<float> x)
    {
        if (sum.Length != x.Length)
        {
            throw new ArgumentException($"a vector of length {x.Length} into sums of length {sum.Length}");
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var scale = new Vector<double>(a);
            var sums = MemoryMarshal.Cast<double, Vector<double>>(sum);
            var values = MemoryMarshal.Cast<float, Vector<float>>(x);
            for (var v = 0; v < values.Length; v++)
            {
                Vector.Widen(values[v], out var low, out var high);
                sums[2 * v] += scale * low;
                sums[2 * v + 1] += scale * high;
            }

            i = values.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum[i] += a * x[i];
        }
    }

    /// <summary>
    /// Σ x[i]² in double, when every value is finite; otherwise null, and <paramref name="firstNonFinite"/> is the index
    /// of the first value that is not. The squares are summed in <see cref="Vector{T}"/> lanes, so the last bits of the
    /// sum may differ from <see cref="Dot"/>'s.
    /// </summary>
    public static double? SumOfSquaresIfFinite(ReadOnlySpan<float> x, out int firstNonFinite)
    {
        firstNonFinite = -1;
        double squares = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            Vector<double> low = default, high = default;
            var finite = Vector<float>.Zero;
            for (var v = 0; v < xs.Length; v++)
            {
                // x − x is 0 for a finite x and NaN for NaN or ±∞, and NaN stays NaN through the sum.
                finite += xs[v] - xs[v];
                Vector.Widen(xs[v], out var l, out var h);
                low += l * l;
                high += h * h;
            }

            if (Vector.EqualsAll(finite, Vector<float>.Zero))
            {
                squares = Vector.Sum(low + high);
                i = xs.Length * Vector<float>.Count;
            }
        }

        for (; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                firstNonFinite = i;
                return null;
            }

            squares += (double)x[i] * x[i];
        }

        return squares;
    }

    /// <summary>Writes x − y into <paramref name="destination"/> (of their length; it may be <paramref name="x"/> itself).</summary>
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Elementwise<SubtractOperator>(x, y, destination);

    /// <summary>destination[i] = op(x[i], y[i]), <see cref="Vector{T}"/> by vector, each value as the scalar operation gives it.</summary>
    private static void Elementwise<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOperator : IBinaryOperator
    {
        if (x.Length != y.Length || destination.Length != x.Length)
        {
            throw new ArgumentException($"vectors of lengths {x.Length} and {y.Length} into {destination.Length}");
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            var ds = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (var v = 0; v < xs.Length; v++)
            {
                ds[v] = TOperator.Invoke(xs[v], ys[v]);
            }

            i = xs.Length * Vector<float>.Count;
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = TOperator.Invoke(x[i], y[i]);
        }
    }

    private interface IBinaryOperator
    {
        static abstract float Invoke(float x, float y);

        static abstract Vector<float> Invoke(Vector<float> x, Vector<float> y);
    }

    private readonly struct AddOperator : IBinaryOperator
    {
        public static float Invoke(float x, float y) => x + y;

        public static Vector<float> Invoke(Vector<float> x, Vector<float> y) => x + y;
    }

    private readonly struct SubtractOperator : IBinaryOperator
    {
        public static float Invoke(float x, float y) => x - y;

        public static Vector<float> Invoke(Vector<float> x, Vector<float> y) => x - y;
    }

    /// <summary>Cosine similarity; 0 when either vector is zero.</summary>
    public static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var norms = L2Norm(x) * L2Norm(y);
        return norms == 0 ? 0 : Dot(x, y) / norms;
    }

    /// <summary>||x - y||², accumulated in double.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"vectors of lengths {x.Length} and {y.Length}");
        }

        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var d = (double)x[i] - y[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// The k × k matrix of squared distances between the rows of <paramref name="rows"/> (k × d, row after row), as
    /// <see cref="PairwiseSquaredDistances(IReadOnlyList{float[]})"/> computes them.
    /// </summary>
    public static double[,] PairwiseSquaredDistances(ReadOnlySpan<float> rows, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (rows.Length % k != 0 || rows.Length == 0)
        {
            throw new ArgumentException($"{rows.Length} values are not {k} rows of equal length");
        }

        FedTorch.EnsureLoaded();
        var d = rows.Length / k;
        var result = new double[k, k];
        fixed (float* x = rows)
        fixed (double* o = result)
        {
            FedTorch.Check(FedTorch.ft_pairwise_squared_distances(x, k, d, o));
        }

        return result;
    }

    /// <summary>
    /// The k × k matrix of squared distances between <paramref name="rows"/> (k arrays of one length), read where they
    /// are (no k × d copy): ‖xᵢ‖² + ‖xⱼ‖² − 2 xᵢ·xⱼ from float32 Gram products of column chunks (libtorch) summed in
    /// double, within 1e-4 relative by a rounding-error bound; pairs too close for that bound, where the formula
    /// cancels (at equal norms, a cosine above about 0.7: near-copies such as sybils' updates), are summed again as
    /// Σ (xᵢ − xⱼ)² in double, so equal rows are exactly 0 apart. Non-negative, exactly symmetric, zero diagonal,
    /// deterministic.
    /// </summary>
    public static double[,] PairwiseSquaredDistances(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var k = rows.Count;
        if (k == 0)
        {
            return new double[0, 0];
        }

        var d = rows[0].Length;
        if (d == 0 || rows.Any(r => r.Length != d))
        {
            throw new ArgumentException($"rows of lengths {string.Join(", ", rows.Select(r => r.Length).Distinct())}: they must share one nonzero length", nameof(rows));
        }

        FedTorch.EnsureLoaded();
        var result = new double[k, k];
        using var pinned = new PinnedArrays<float>(rows);
        fixed (float** p = pinned.Pointers)
        fixed (double* o = result)
        {
            FedTorch.Check(FedTorch.ft_pairwise_squared_distances_rows(p, k, d, o));
        }

        return result;
    }

    /// <summary>
    /// The <paramref name="a"/>.Count × <paramref name="b"/>.Count matrix of squared distances from every row of
    /// <paramref name="a"/> to every row of <paramref name="b"/> (arrays of one length), read where they are, computed
    /// as <see cref="PairwiseSquaredDistances(IReadOnlyList{float[]})"/> computes them: within 1e-4 relative, equal
    /// rows exactly 0 apart; non-negative. Few pairs for their rows (at most twice as many, such as one row against
    /// nine) are summed directly in float64 instead.
    /// </summary>
    public static double[,] CrossSquaredDistances(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            return new double[a.Count, b.Count];
        }

        var d = a[0].Length;
        if (d == 0 || a.Concat(b).Any(r => r.Length != d))
        {
            throw new ArgumentException($"rows of lengths {string.Join(", ", a.Concat(b).Select(r => r.Length).Distinct())}: they must share one nonzero length");
        }

        FedTorch.EnsureLoaded();
        var result = new double[a.Count, b.Count];
        using var pinnedA = new PinnedArrays<float>(a);
        using var pinnedB = new PinnedArrays<float>(b);
        fixed (float** pa = pinnedA.Pointers)
        fixed (float** pb = pinnedB.Pointers)
        fixed (double* o = result)
        {
            FedTorch.Check(FedTorch.ft_cross_squared_distances_rows(pa, a.Count, pb, b.Count, d, o));
        }

        return result;
    }

    /// <summary>
    /// X·Xᵀ in float32 for the <paramref name="k"/> rows of <paramref name="rows"/>: one bare libtorch matrix product,
    /// the floor the distance computations are measured against.
    /// </summary>
    public static float[,] Gram(ReadOnlySpan<float> rows, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (rows.Length % k != 0 || rows.Length == 0)
        {
            throw new ArgumentException($"{rows.Length} values are not {k} rows of equal length");
        }

        FedTorch.EnsureLoaded();
        var result = new float[k, k];
        fixed (float* x = rows)
        fixed (float* o = result)
        {
            FedTorch.Check(FedTorch.ft_gram_float32(x, k, rows.Length / k, o));
        }

        return result;
    }
}
