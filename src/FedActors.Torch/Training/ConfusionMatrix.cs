namespace FedActors.Torch;

/// <summary>Counts of (true class, predicted class); every evaluation metric is computed from it.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    public ConfusionMatrix(int classes, long[] counts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (counts.Length != classes * classes)
        {
            throw new ArgumentException($"{counts.Length} counts for {classes} classes", nameof(counts));
        }

        Classes = classes;
        _counts = counts;
    }

    public int Classes { get; }

    public long this[int truth, int predicted] => _counts[truth * Classes + predicted];

    /// <summary>All counts, row by row (true class major).</summary>
    public ReadOnlySpan<long> Counts => _counts;

    public long Total => _counts.Sum();

    public long Correct => Enumerable.Range(0, Classes).Sum(c => this[c, c]);

    /// <summary>Fraction classified correctly (0 when there are no samples).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Samples of <paramref name="truth"/> classified correctly, or NaN when there are none.</summary>
    public double ClassAccuracy(int truth)
    {
        var row = RowTotal(truth);
        return row == 0 ? double.NaN : (double)this[truth, truth] / row;
    }

    /// <summary>The samples whose true class is <paramref name="truth"/>, whatever they were predicted as.</summary>
    public long RowTotal(int truth)
    {
        long row = 0;
        for (var p = 0; p < Classes; p++)
        {
            row += this[truth, p];
        }

        return row;
    }

    /// <summary>
    /// The matrix of all the samples that <paramref name="parts"/> counted, cell by cell: the evaluation of a selection
    /// from the evaluations of its <see cref="SampleSelection.Chunks"/>.
    /// </summary>
    public static ConfusionMatrix Sum(IReadOnlyList<ConfusionMatrix> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("no matrices to sum", nameof(parts));
        }

        var classes = parts[0].Classes;
        var counts = new long[classes * classes];
        foreach (var part in parts)
        {
            if (part.Classes != classes)
            {
                throw new ArgumentException($"a matrix of {part.Classes} classes among matrices of {classes}", nameof(parts));
            }

            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += part._counts[i];
            }
        }

        return new ConfusionMatrix(classes, counts);
    }
}
