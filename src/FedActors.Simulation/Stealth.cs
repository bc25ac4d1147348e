using System.Runtime.ExceptionServices;
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

        var benign = ordered.Where(u => !malicious.Contains(u.Key)).Select(u => u.Value).ToList();

        // The distances' matrix product and the cosines' pass over the round's total read the same updates and
        // nothing of each other: they run side by side (a round of 1,000 updates spends about as long in each). Each
        // is computed exactly as it would be alone.
        double[,] distances = null!, sums = null!;
        try
        {
            Parallel.Invoke(
                () => distances = TensorMath.CrossSquaredDistances(attackers.Select(a => a.Value).ToList(), benign),
                () => sums = CosineSums(ordered, attackers, dimension));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        var scores = new List<StealthScore>(attackers.Count);
        for (var a = 0; a < attackers.Count; a++)
        {
            var norms = Math.Sqrt(sums[a, 1]) * Math.Sqrt(sums[a, 2]);
            var cosine = ordered.Count == 1 ? double.NaN : norms == 0 ? 0 : sums[a, 0] / norms;
            var maxDistance = double.NaN;
            for (var b = 0; b < benign.Count; b++)
            {
                var distance = Math.Sqrt(distances[a, b]);
                maxDistance = double.IsNaN(maxDistance) ? distance : Math.Max(maxDistance, distance);
            }

            scores.Add(new StealthScore(attackers[a].Key, cosine, maxDistance));
        }

        return scores;
    }

    /// <summary>
    /// Each attacker's x · y, x · x and y · y with the rest of the round, y = total − x, summed block by block of the
    /// round's total.
    /// </summary>
    private static double[,] CosineSums(IReadOnlyList<KeyValuePair<int, float[]>> ordered, IReadOnlyList<KeyValuePair<int, float[]>> attackers, int dimension)
    {
        var sums = new double[attackers.Count, 3];
        Span<double> total = stackalloc double[TensorMath.BlockLength];
        for (var start = 0; start < dimension; start += TensorMath.BlockLength)
        {
            var length = Math.Min(TensorMath.BlockLength, dimension - start);
            var block = total[..length];
            block.Clear();
            foreach (var (_, vector) in ordered)
            {
                TensorMath.AddScaled(block, 1, vector.AsSpan(start, length));
            }

            for (var a = 0; a < attackers.Count; a++)
            {
                var x = attackers[a].Value.AsSpan(start, length);
                double dot = sums[a, 0], xx = sums[a, 1], yy = sums[a, 2];
                for (var i = 0; i < length; i++)
                {
                    var y = block[i] - x[i];
                    dot += x[i] * y;
                    xx += (double)x[i] * x[i];
                    yy += y * y;
                }

                (sums[a, 0], sums[a, 1], sums[a, 2]) = (dot, xx, yy);
            }
        }

        return sums;
    }
}
