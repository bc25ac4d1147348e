namespace FedActors.Simulation;

/// <summary>
/// How well a defense stage told malicious clients from benign ones: a positive is a dropped client, a true positive
/// a dropped malicious one.
/// </summary>
public sealed record DetectionCounts(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    /// <summary>TP / (TP + FP); 1 when nothing was dropped (no accusation was wrong).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 1 when no judged client was malicious (none was missed).</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Counts over the clients a stage <paramref name="judged"/>, given the ground truth and the ones it dropped.</summary>
    public static DetectionCounts From(IEnumerable<int> judged, IReadOnlySet<int> malicious, IReadOnlySet<int> dropped)
    {
        var population = judged.ToHashSet();
        foreach (var client in dropped)
        {
            if (!population.Contains(client))
            {
                throw new ArgumentException($"client {client} was dropped but not judged", nameof(dropped));
            }
        }

        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var client in population)
        {
            var bad = malicious.Contains(client);
            var drop = dropped.Contains(client);
            if (bad && drop)
            {
                tp++;
            }
            else if (drop)
            {
                fp++;
            }
            else if (bad)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        return new DetectionCounts(tp, fp, fn, tn);
    }
}
