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

    /// <summary>
    /// Counts for each stage of a pipeline, in order, over the same <paramref name="judged"/> clients: a positive is a
    /// client that stage dropped. A repeated stage type is named <c>type#2</c>, <c>type#3</c>, ...
    /// </summary>
    public static IReadOnlyList<(string Stage, DetectionCounts Counts)> PerStage(
        IEnumerable<(string Stage, IReadOnlyList<ClientDecision> Decisions)> stages, IReadOnlyCollection<int> judged, IReadOnlySet<int> malicious)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var result = new List<(string, DetectionCounts)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stage, decisions) in stages)
        {
            var name = stage;
            for (var n = 2; !names.Add(name); n++)
            {
                name = $"{stage}#{n}";
            }

            var dropped = decisions.Where(d => !d.Keep).Select(d => d.ClientId).ToHashSet();
            result.Add((name, From(judged, malicious, dropped)));
        }

        return result;
    }

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
