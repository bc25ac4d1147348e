namespace FedActors.Simulation;

/// <summary>Coordinate-wise robust aggregates of a round's updates (ALGORITHMS.md "Median / trimmed mean").</summary>
public static class RobustAggregation
{
    /// <summary>The coordinate-wise median; for an even count, the mean of the two middle values.</summary>
    public static float[] CoordinateMedian(IReadOnlyList<float[]> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return Coordinatewise(updates, (updates.Count - 1) / 2);
    }

    /// <summary>
    /// The coordinate-wise trimmed mean: per coordinate, the ⌊β·K⌋ smallest and ⌊β·K⌋ largest of the K values are
    /// dropped and the rest averaged (Yin et al. 2018); β = 0 is the plain mean.
    /// </summary>
    public static float[] TrimmedMean(IReadOnlyList<float[]> updates, double beta)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (!(beta >= 0 && beta < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "must be in [0, 0.5)");
        }

        return Coordinatewise(updates, (int)Math.Floor(beta * updates.Count));
    }

    /// <summary>Per coordinate: the mean of the K sorted values without <paramref name="trim"/> at each end.</summary>
    private static float[] Coordinatewise(IReadOnlyList<float[]> updates, int trim)
    {
        if (updates.Count == 0)
        {
            throw new ArgumentException("there are no updates to aggregate", nameof(updates));
        }

        var d = updates[0].Length;
        foreach (var update in updates)
        {
            if (update.Length != d)
            {
                throw new ArgumentException($"updates of dimensions {d} and {update.Length}", nameof(updates));
            }
        }

        var k = updates.Count;
        var column = new float[k];
        var result = new float[d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < k; j++)
            {
                column[j] = updates[j][i];
            }

            Array.Sort(column);
            double sum = 0;
            for (var j = trim; j < k - trim; j++)
            {
                sum += column[j];
            }

            result[i] = (float)(sum / (k - (2 * trim)));
        }

        return result;
    }
}
