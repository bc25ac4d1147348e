namespace FedActors.Simulation;

/// <summary>
/// Federated averaging of updates (McMahan et al. 2017): w_{t+1} = w_t + η_g Σ_k a_k Δ_k, where a_k ∝ n_k·v_k
/// (<see cref="Weighting.Samples"/>) or a_k ∝ v_k (<see cref="Weighting.Uniform"/>), v_k being the defense pipeline's
/// weight (0: dropped), and Σ a_k = 1.
/// </summary>
public static class FedAvg
{
    /// <summary>The normalized coefficients a_k; all zero when every client was dropped.</summary>
    public static double[] Coefficients(IReadOnlyList<long> sampleCounts, IReadOnlyList<double> weights, Weighting weighting = Weighting.Samples)
    {
        if (sampleCounts.Count != weights.Count)
        {
            throw new ArgumentException($"{sampleCounts.Count} sample counts for {weights.Count} weights", nameof(weights));
        }

        var a = new double[weights.Count];
        double sum = 0;
        for (var k = 0; k < a.Length; k++)
        {
            if (!(weights[k] >= 0) || double.IsInfinity(weights[k]))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weights[k], $"weight of update {k} must be finite and non-negative");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(sampleCounts[k], nameof(sampleCounts));
            a[k] = weighting == Weighting.Samples ? sampleCounts[k] * weights[k] : weights[k];
            sum += a[k];
        }

        if (sum > 0)
        {
            for (var k = 0; k < a.Length; k++)
            {
                a[k] /= sum;
            }
        }

        return a;
    }

    /// <summary>The new global model; a copy of <paramref name="global"/> when every update was dropped.</summary>
    public static float[] Aggregate(
        ReadOnlySpan<float> global,
        IReadOnlyList<float[]> updates,
        IReadOnlyList<long> sampleCounts,
        IReadOnlyList<double> weights,
        Weighting weighting = Weighting.Samples,
        double serverLearningRate = 1.0)
    {
        if (updates.Count != weights.Count)
        {
            throw new ArgumentException($"{updates.Count} updates for {weights.Count} weights", nameof(weights));
        }

        if (!(serverLearningRate > 0) || double.IsInfinity(serverLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(serverLearningRate), serverLearningRate, "must be positive");
        }

        var a = Coefficients(sampleCounts, weights, weighting);
        var sum = new double[global.Length];
        for (var k = 0; k < updates.Count; k++)
        {
            var delta = updates[k];
            if (delta.Length != global.Length)
            {
                throw new ArgumentException($"update {k} has dimension {delta.Length}, the model {global.Length}", nameof(updates));
            }

            if (a[k] == 0)
            {
                continue;
            }

            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += a[k] * delta[i];
            }
        }

        var result = new float[global.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)(global[i] + serverLearningRate * sum[i]);
        }

        return result;
    }
}
