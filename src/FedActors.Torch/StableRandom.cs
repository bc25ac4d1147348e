namespace FedActors.Torch;

/// <summary>
/// A small, fast PRNG (xoshiro256**, seeded through SplitMix64) whose sequence depends only on its seed, on every
/// platform and .NET version, unlike <see cref="Random"/>. Every random choice of a run derives from the run seed and
/// stable ids through <see cref="Derive"/>, never from scheduling order.
/// </summary>
public sealed class StableRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public StableRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A seed for a purpose from a parent seed and stable ids, e.g. <c>Derive(runSeed, round, clientId)</c>.</summary>
    public static ulong Derive(ulong seed, params long[] ids)
    {
        var x = seed;
        var result = SplitMix(ref x);
        foreach (var id in ids)
        {
            x = result ^ (ulong)id * 0x9E3779B97F4A7C15UL;
            result = SplitMix(ref x);
        }

        return result;
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw by the Box–Muller transform, one value of the pair (two uniforms per draw).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // in (0, 1], so the logarithm is finite
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary><paramref name="count"/> independent standard normal draws by Box–Muller, both values of each pair used.</summary>
    public double[] StandardNormals(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new double[count];
        for (var i = 0; i < count; i += 2)
        {
            // 1 − u is in (0, 1], so the logarithm is finite.
            var radius = Math.Sqrt(-2 * Math.Log(1 - NextDouble()));
            var angle = 2 * Math.PI * NextDouble();
            result[i] = radius * Math.Cos(angle);
            if (i + 1 < count)
            {
                result[i + 1] = radius * Math.Sin(angle);
            }
        }

        return result;
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>), without modulo bias.</summary>
    public long NextInt64(long bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bound, 0);
        var limit = ulong.MaxValue - (ulong.MaxValue % (ulong)bound);
        ulong value;
        do
        {
            value = NextUInt64();
        }
        while (value >= limit);
        return (long)(value % (ulong)bound);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)NextInt64(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
