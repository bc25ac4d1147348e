using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Per-update transforms and checks: norm clipping (000 Eq. 5) and the cosine check (004 §3.2).</summary>
public static class UpdateChecks
{
    /// <summary>Δ / max(1, ‖Δ‖₂ / S): unchanged (the same array) when its norm is at most <paramref name="bound"/>.</summary>
    public static float[] Clip(float[] update, double bound)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!(bound > 0) || !double.IsFinite(bound))
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "must be finite and > 0");
        }

        var norm = TensorMath.L2Norm(update);
        if (norm <= bound)
        {
            return update;
        }

        var factor = bound / norm;
        var clipped = new float[update.Length];
        for (var i = 0; i < update.Length; i++)
        {
            clipped[i] = (float)(update[i] * factor);
        }

        return clipped;
    }

    /// <summary>
    /// cos(δ_i, δ_{−i}) for each kept update, δ_{−i} the mean of the other kept updates; NaN for dropped ones and when
    /// fewer than two are kept (nobody to compare with).
    /// </summary>
    public static double[] CosineToOthers(IReadOnlyList<float[]> updates, IReadOnlyList<bool> kept)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(kept);
        if (updates.Count != kept.Count)
        {
            throw new ArgumentException($"{updates.Count} updates but {kept.Count} keep flags", nameof(kept));
        }

        var result = Enumerable.Repeat(double.NaN, updates.Count).ToArray();
        var keptIndices = Enumerable.Range(0, updates.Count).Where(i => kept[i]).ToArray();
        if (keptIndices.Length < 2)
        {
            return result;
        }

        var d = updates[keptIndices[0]].Length;
        var sum = new double[d];
        foreach (var i in keptIndices)
        {
            if (updates[i].Length != d)
            {
                throw new ArgumentException($"updates of dimensions {d} and {updates[i].Length}", nameof(updates));
            }

            for (var j = 0; j < d; j++)
            {
                sum[j] += updates[i][j];
            }
        }

        var others = new float[d];
        foreach (var i in keptIndices)
        {
            // The mean's scale does not change a cosine, so the sum of the others serves.
            for (var j = 0; j < d; j++)
            {
                others[j] = (float)(sum[j] - updates[i][j]);
            }

            result[i] = TensorMath.Cosine(updates[i], others);
        }

        return result;
    }
}
