namespace FedActors.Data;

/// <summary>
/// The class-sufficiency bit vectors of non-IID delegation (000 §4, Alg. 4): bit j of client k is set when client k
/// holds at least <c>min-class-samples</c> samples of class j, so it can evaluate sub-models on that class.
/// </summary>
/// <remarks>
/// Reading: 000 says "larger than a threshold, e.g. more than 100 car images"; ALGORITHMS.md fixes the comparison as
/// ≥ <c>min-class-samples</c>, and the default is the paper's example, <see cref="DefaultMinClassSamples"/>.
/// </remarks>
public static class ClassSufficiency
{
    /// <summary>The default <c>min-class-samples</c> (000 §4's example of 100 images).</summary>
    public const int DefaultMinClassSamples = 100;

    /// <summary>Per client, per class: whether the client holds at least <paramref name="threshold"/> samples of it.</summary>
    public static bool[][] Compute(
        Partition partition, IReadOnlyList<int> labels, int classes, int threshold = DefaultMinClassSamples)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        return Enumerable.Range(0, partition.Clients)
            .Select(k => partition.LabelHistogram(k, labels, classes).Select(count => count >= threshold).ToArray())
            .ToArray();
    }

    /// <summary>num_j of Alg. 4: how many clients hold enough samples of each class.</summary>
    public static int[] Holders(IReadOnlyList<bool[]> bits, int classes)
    {
        ArgumentNullException.ThrowIfNull(bits);
        var holders = new int[classes];
        foreach (var client in bits)
        {
            for (var j = 0; j < classes; j++)
            {
                holders[j] += client[j] ? 1 : 0;
            }
        }

        return holders;
    }
}
