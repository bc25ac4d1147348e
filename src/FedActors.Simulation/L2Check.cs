namespace FedActors.Simulation;

/// <summary>
/// The L2 check of 004 §3.2: client i is flagged when max_n ‖δ_i − δ_n‖₂ &gt; C_server, n over the round's other
/// updates. <b>Reading:</b> the other updates are the ones still kept by the stages before (a dropped update neither
/// is judged again nor counts against others), and with fewer than two kept updates nobody is flagged.
/// </summary>
public static class L2Check
{
    /// <summary>For each update, its largest L2 distance to another kept update (0 for a lone or dropped one).</summary>
    /// <param name="squaredDistances">Computes the squared distances of a list of updates (the round's shared matrix); <see cref="Krum.SquaredDistances"/> when null.</param>
    public static double[] MaxDistances(IReadOnlyList<float[]> updates, IReadOnlyList<bool> kept, Func<IReadOnlyList<float[]>, double[,]>? squaredDistances = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(kept);
        if (updates.Count != kept.Count)
        {
            throw new ArgumentException($"{updates.Count} updates but {kept.Count} keep flags", nameof(kept));
        }

        var indices = Enumerable.Range(0, updates.Count).Where(i => kept[i]).ToArray();
        var result = new double[updates.Count];
        if (indices.Length < 2)
        {
            return result;
        }

        var squared = (squaredDistances ?? Krum.SquaredDistances)(indices.Select(i => updates[i]).ToList());
        for (var a = 0; a < indices.Length; a++)
        {
            var max = 0.0;
            for (var b = 0; b < indices.Length; b++)
            {
                max = Math.Max(max, squared[a, b]);
            }

            result[indices[a]] = Math.Sqrt(max);
        }

        return result;
    }

    /// <summary>True for each kept update whose largest distance exceeds <paramref name="maxDistance"/>.</summary>
    public static bool[] Flags(IReadOnlyList<float[]> updates, IReadOnlyList<bool> kept, double maxDistance)
    {
        var distances = MaxDistances(updates, kept);
        return distances.Select((distance, i) => kept[i] && distance > maxDistance).ToArray();
    }
}
