namespace FedActors.Simulation;

/// <summary>
/// FoolsGold's weights (Fung et al. 2018, ALGORITHMS.md): clients whose summed update histories point the same way
/// (sybils pushing one goal) are weighed down; a client unlike every other keeps weight 1.
/// </summary>
/// <remarks>
/// <b>Readings:</b> the cosine of a zero history is 0; pardoning cs_ij ← cs_ij·v_i/v_j applies only when v_j &gt; v_i
/// and v_j &gt; 0 (a non-positive v_j would flip or blow up the ratio); when every α is 0 after clipping, every weight
/// is 0; a lone client gets weight 1.
/// </remarks>
public static class FoolsGold
{
    /// <summary>The weight in [0, 1] of each client from its summed history, with the logit's confidence κ = <paramref name="kappa"/>.</summary>
    public static double[] Weights(IReadOnlyList<double[]> histories, double kappa = 1.0)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (!(kappa > 0) || !double.IsFinite(kappa))
        {
            throw new ArgumentOutOfRangeException(nameof(kappa), kappa, "must be finite and > 0");
        }

        var n = histories.Count;
        if (n <= 1)
        {
            return Enumerable.Repeat(1.0, n).ToArray();
        }

        var cs = Cosines(histories);
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = Enumerable.Range(0, n).Where(j => j != i).Max(j => cs[i, j]);
        }

        var alpha = new double[n];
        for (var i = 0; i < n; i++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                if (j != i)
                {
                    var pardoned = v[j] > v[i] && v[j] > 0 ? cs[i, j] * v[i] / v[j] : cs[i, j];
                    max = Math.Max(max, pardoned);
                }
            }

            alpha[i] = Math.Clamp(1 - max, 0, 1);
        }

        var top = alpha.Max();
        return alpha.Select(a => top > 0 ? Logit(a / top, kappa) : 0.0).ToArray();
    }

    /// <summary>κ(ln(α/(1 − α)) + 0.5) clipped to [0, 1], with α = 1 → 1 and α = 0 → 0.</summary>
    public static double Logit(double alpha, double kappa) => alpha switch
    {
        >= 1 => 1.0,
        <= 0 => 0.0,
        _ => Math.Clamp(kappa * (Math.Log(alpha / (1 - alpha)) + 0.5), 0, 1),
    };

    /// <summary>The cosine matrix of the histories (0 where either is the zero vector).</summary>
    public static double[,] Cosines(IReadOnlyList<double[]> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var n = histories.Count;
        var norms = histories.Select(h => Math.Sqrt(h.Sum(x => x * x))).ToArray();
        var cs = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < n; j++)
            {
                if (histories[i].Length != histories[j].Length)
                {
                    throw new ArgumentException($"histories of dimensions {histories[i].Length} and {histories[j].Length}", nameof(histories));
                }

                double dot = 0;
                for (var k = 0; k < histories[i].Length; k++)
                {
                    dot += histories[i][k] * histories[j][k];
                }

                cs[i, j] = cs[j, i] = norms[i] > 0 && norms[j] > 0 ? dot / (norms[i] * norms[j]) : 0;
            }
        }

        return cs;
    }
}
