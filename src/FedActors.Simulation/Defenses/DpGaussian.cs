using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The Gaussian mechanism of 000 Eq. 5: Δ̃ = (Σ_i clip_S(Δ_i) + N(0, σ²S²·I)) / K over the K kept updates.
/// </summary>
/// <remarks>
/// <b>Reading:</b> the noise of round t is drawn from <see cref="StableRandom"/> seeded by
/// Derive(run seed, t, <see cref="Stream"/>), standard normals by Box–Muller (both of each pair, coordinate by
/// coordinate), so a resumed or replayed round adds exactly the same noise.
/// </remarks>
public static class DpGaussian
{
    /// <summary>Separates the aggregation noise from the round's other draws (sampling, clients, masking).</summary>
    public const long Stream = 0x4450_4741; // "DPGA"

    /// <summary>The seed of the noise added in <paramref name="round"/>.</summary>
    public static ulong Seed(ulong runSeed, int round) => StableRandom.Derive(runSeed, round, Stream);

    /// <summary>The noised mean of the clipped <paramref name="updates"/>; σ = 0 gives the plain mean of the clipped updates.</summary>
    public static float[] Aggregate(IReadOnlyList<float[]> updates, double clipBound, double sigma, StableRandom random)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(random);
        if (!(sigma >= 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "must be finite and ≥ 0");
        }

        if (updates.Count == 0)
        {
            throw new ArgumentException("there are no updates to aggregate", nameof(updates));
        }

        var d = updates[0].Length;
        var sum = new double[d];
        foreach (var update in updates)
        {
            if (update.Length != d)
            {
                throw new ArgumentException($"updates of dimensions {d} and {update.Length}", nameof(updates));
            }

            var clipped = UpdateChecks.Clip(update, clipBound);
            for (var j = 0; j < d; j++)
            {
                sum[j] += clipped[j];
            }
        }

        if (sigma > 0)
        {
            var noise = StandardNormals(random, d);
            for (var j = 0; j < d; j++)
            {
                sum[j] += sigma * clipBound * noise[j];
            }
        }

        var mean = new float[d];
        for (var j = 0; j < d; j++)
        {
            mean[j] = (float)(sum[j] / updates.Count);
        }

        return mean;
    }

    /// <summary><paramref name="count"/> independent N(0, 1) draws by Box–Muller, both values of each pair used.</summary>
    public static double[] StandardNormals(StableRandom random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.StandardNormals(count);
    }
}
