using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Stealth metrics of the malicious updates of a round (004 Tables 2–3).</summary>
public static class Stealth
{
    /// <summary>
    /// One score per malicious client in <paramref name="updates"/>, by ascending id. "Others" are all the round's
    /// other updates, benign and malicious; the cosine is NaN when there are none, the distance NaN without benign
    /// updates.
    /// </summary>
    public static IReadOnlyList<StealthScore> Scores(IReadOnlyDictionary<int, float[]> updates, IReadOnlySet<int> malicious)
    {
        var scores = new List<StealthScore>();
        foreach (var (client, update) in updates.OrderBy(u => u.Key))
        {
            if (!malicious.Contains(client))
            {
                continue;
            }

            var others = new double[update.Length];
            var count = 0;
            var maxDistance = double.NaN;
            foreach (var (other, vector) in updates)
            {
                if (other == client)
                {
                    continue;
                }

                if (vector.Length != update.Length)
                {
                    throw new ArgumentException($"update of client {other} has dimension {vector.Length}, client {client}'s {update.Length}", nameof(updates));
                }

                count++;
                for (var i = 0; i < others.Length; i++)
                {
                    others[i] += vector[i];
                }

                if (!malicious.Contains(other))
                {
                    var distance = Math.Sqrt(TensorMath.SquaredDistance(update, vector));
                    maxDistance = double.IsNaN(maxDistance) ? distance : Math.Max(maxDistance, distance);
                }
            }

            var cosine = count == 0 ? double.NaN : Cosine(update, others);
            scores.Add(new StealthScore(client, cosine, maxDistance));
        }

        return scores;
    }

    /// <summary>Cosine of a float vector and a double one (the sum of the others; its scale does not matter); 0 when either is zero.</summary>
    private static double Cosine(float[] x, double[] y)
    {
        double dot = 0, xx = 0, yy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            dot += x[i] * y[i];
            xx += (double)x[i] * x[i];
            yy += y[i] * y[i];
        }

        var norms = Math.Sqrt(xx) * Math.Sqrt(yy);
        return norms == 0 ? 0 : dot / norms;
    }
}
