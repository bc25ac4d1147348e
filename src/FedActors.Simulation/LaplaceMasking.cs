using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Laplace masking of submitted updates (003, Shokri's DSSGD; ALGORITHMS.md, Attacks): every client, benign or
/// malicious, adds independent Laplace(0, b) noise to each coordinate of the update it submits.
/// </summary>
/// <remarks>
/// Reading: the noise of client k in round t is drawn from <see cref="StableRandom"/> seeded by
/// Derive(run seed, t, k, <see cref="Stream"/>), so it never depends on scheduling order and a resumed round
/// submits the same masked update.
/// </remarks>
public static class LaplaceMasking
{
    /// <summary>Separates the masking draw from the training seed and the poisoning draws of the same (round, client).</summary>
    public const long Stream = 0x4C41_504C; // "LAPL"

    /// <summary>The seed of the masking noise of <paramref name="clientId"/> in <paramref name="round"/>.</summary>
    public static ulong Seed(ulong runSeed, int round, int clientId) => StableRandom.Derive(runSeed, round, clientId, Stream);

    /// <summary>One draw of Laplace(0, <paramref name="b"/>) by inverse transform sampling.</summary>
    public static double Sample(StableRandom random, double b)
    {
        ArgumentNullException.ThrowIfNull(random);
        // u in (-1/2, 1/2); x = -b·sign(u)·ln(1 − 2|u|). NextDouble() is in [0, 1), so 1 − 2|u| > 0.
        var u = random.NextDouble() - 0.5;
        return -b * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    /// <summary><paramref name="update"/> plus Laplace(0, <paramref name="b"/>) noise drawn from <paramref name="seed"/>; the update itself when b = 0.</summary>
    public static float[] Mask(float[] update, double b, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!(b >= 0) || !double.IsFinite(b))
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "the Laplace scale must be finite and ≥ 0");
        }

        if (b == 0)
        {
            return update;
        }

        var random = new StableRandom(seed);
        var masked = new float[update.Length];
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] = (float)(update[i] + Sample(random, b));
        }

        return masked;
    }
}
