using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Stealth metrics of the malicious updates of a round (004 Tables 2–3).</summary>
public static class Stealth
{
    /// <summary>
    /// One score per malicious client in <paramref name="updates"/>, by ascending id. "Others" are all the round's
    /// other updates, benign and malicious; the cosine is NaN when there are none, the distance NaN without benign
    /// updates. The others' sum is the round's total less the update, and the distances to the benign updates come
    /// from one cross-distance product, so a round of K updates with M malicious costs O(K·D) plus an M × B product,
    /// not M passes over all K updates.
    /// </summary>
    public static IReadOnlyList<StealthScore> Scores(IReadOnlyDictionary<int, float[]> updates, IReadOnlySet<int> malicious)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(malicious);
        var ordered = updates.OrderBy(u => u.Key).ToList();
        var attackers = ordered.Where(u => malicious.Contains(u.Key)).ToList();
        if (attackers.Count == 0)
        {
            return [];
        }

        var dimension = attackers[0].Value.Length;
        foreach (var (client, vector) in ordered)
        {
            if (vector.Length != dimension)
            {
                throw new ArgumentException($"update of client {client} has dimension {vector.Length}, client {attackers[0].Key}'s {dimension}", nameof(updates));
            }
        }

        var total = new double[dimension];
        foreach (var (_, vector) in ordered)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += vector[i];
            }
        }

        var benign = ordered.Where(u => !malicious.Contains(u.Key)).Select(u => u.Value).ToList();
        var distances = TensorMath.CrossSquaredDistances(attackers.Select(a => a.Value).ToList(), benign);
        var scores = new List<StealthScore>(attackers.Count);
        for (var a = 0; a < attackers.Count; a++)
        {
            var (client, update) = attackers[a];
            var cosine = ordered.Count == 1 ? double.NaN : CosineToRest(update, total);
            var maxDistance = double.NaN;
            for (var b = 0; b < benign.Count; b++)
            {
                var distance = Math.Sqrt(distances[a, b]);
                maxDistance = double.IsNaN(maxDistance) ? distance : Math.Max(maxDistance, distance);
            }

            scores.Add(new StealthScore(client, cosine, maxDistance));
        }

        return scores;
    }

    /// <summary>Cosine of <paramref name="x"/> and <paramref name="total"/> − x (the sum of the others; its scale does not matter); 0 when either is zero.</summary>
    private static double CosineToRest(float[] x, double[] total)
    {
        double dot = 0, xx = 0, yy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var y = total[i] - x[i];
            dot += x[i] * y;
            xx += (double)x[i] * x[i];
            yy += y * y;
        }

        var norms = Math.Sqrt(xx) * Math.Sqrt(yy);
        return norms == 0 ? 0 : dot / norms;
    }
}
