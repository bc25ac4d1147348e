namespace FedActors.Simulation;

/// <summary>
/// The math of AUROR (Shen et al. 2016, paper 003): 1-D 2-means per feature, indicative features, marks and the
/// malicious verdict, over each judged client's accumulated feature vector.
/// </summary>
public static class Auror
{
    /// <summary>The most Lloyd iterations <see cref="TwoMeans"/> runs; 1-D 2-means settles long before (a guard against float cycles).</summary>
    public const int MaxIterations = 1000;

    /// <summary>
    /// 1-D 2-means of <paramref name="values"/>: centres start at the minimum and the maximum; each value joins the
    /// nearer centre (a value exactly halfway joins the low one), centres move to their cluster's mean, until no value
    /// changes cluster. All values equal (or one value): both centres are that value and every value is low.
    /// </summary>
    /// <returns>The low and high centres and, per value, whether it is in the high cluster.</returns>
    public static (double Low, double High, bool[] InHigh) TwoMeans(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inHigh = new bool[values.Count];
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN, inHigh);
        }

        var low = values.Min();
        var high = values.Max();
        if (!(high > low))
        {
            return (low, high, inHigh);
        }

        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var changed = false;
            double lowSum = 0, highSum = 0;
            int lowCount = 0, highCount = 0;
            for (var i = 0; i < values.Count; i++)
            {
                var isHigh = Math.Abs(values[i] - high) < Math.Abs(values[i] - low);
                changed |= isHigh != inHigh[i] || iteration == 0;
                inHigh[i] = isHigh;
                if (isHigh)
                {
                    highSum += values[i];
                    highCount++;
                }
                else
                {
                    lowSum += values[i];
                    lowCount++;
                }
            }

            if (!changed)
            {
                break;
            }

            // Starting at the extremes, the minimum always stays low and the maximum high, so neither cluster empties.
            low = lowSum / lowCount;
            high = highSum / highCount;
        }

        return (low, high, inHigh);
    }

    /// <summary>
    /// The marks of one feature: null when it is not indicative (centres no more than <paramref name="alpha"/> apart),
    /// otherwise per value whether it is in the strictly smaller cluster; with clusters of equal size nobody is marked.
    /// </summary>
    public static bool[]? Marks(IReadOnlyList<double> values, double alpha)
    {
        var (low, high, inHigh) = TwoMeans(values);
        if (!(high - low > alpha))
        {
            return null;
        }

        var highCount = inHigh.Count(h => h);
        var lowCount = inHigh.Length - highCount;
        return highCount == lowCount ? new bool[inHigh.Length] : inHigh.Select(h => h == (highCount < lowCount)).ToArray();
    }

    /// <summary>
    /// Judges the clients' feature vectors (one row per client, equal lengths): each feature j is indicative when its
    /// 2-means centres are farther apart than α_j = <paramref name="alpha"/> if set, else <paramref name="alphaFactor"/>
    /// times the feature's range (max − min over the clients); a client's mark share is the fraction of indicative
    /// features in whose smaller cluster it is (0 when none is indicative).
    /// </summary>
    /// <returns>The number of indicative features and each client's mark share.</returns>
    public static (int Indicative, double[] MarkShares) Judge(IReadOnlyList<double[]> features, double? alpha, double alphaFactor)
    {
        ArgumentNullException.ThrowIfNull(features);
        var marks = new int[features.Count];
        if (features.Count == 0)
        {
            return (0, []);
        }

        var dimension = features[0].Length;
        if (features.Any(f => f.Length != dimension))
        {
            throw new ArgumentException("auror's feature vectors differ in length");
        }

        var indicative = 0;
        var column = new double[features.Count];
        for (var j = 0; j < dimension; j++)
        {
            for (var k = 0; k < features.Count; k++)
            {
                column[k] = features[k][j];
            }

            var threshold = alpha ?? (alphaFactor * (column.Max() - column.Min()));
            var featureMarks = Marks(column, threshold);
            if (featureMarks is null)
            {
                continue;
            }

            indicative++;
            for (var k = 0; k < features.Count; k++)
            {
                marks[k] += featureMarks[k] ? 1 : 0;
            }
        }

        return (indicative, marks.Select(m => indicative == 0 ? 0.0 : (double)m / indicative).ToArray());
    }

    /// <summary>Whether a client of mark share <paramref name="share"/> is malicious: marked in more than τ of the indicative features.</summary>
    public static bool Flagged(double share, double tau) => share > tau;
}
