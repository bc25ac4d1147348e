using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// Splits a dataset's samples over N clients from the labels alone; the result depends only on the labels, the
/// client count and the seed. Each sample goes to at most one client.
/// </summary>
public abstract class Partitioner
{
    /// <summary>The <c>data.partition</c> name of this partitioner.</summary>
    public abstract string Kind { get; }

    /// <summary>Splits the samples whose labels are <paramref name="labels"/> over <paramref name="clients"/> clients.</summary>
    /// <exception cref="ArgumentException">A label outside [0, classes), or too few samples for the split.</exception>
    public Partition Split(IReadOnlyList<int> labels, int classes, int clients, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes)
            {
                throw new ArgumentException(
                    $"sample {i} has label {labels[i]}, outside [0, {classes}); check the dataset's class count",
                    nameof(labels));
            }
        }

        var partition = SplitCore(labels, classes, clients, new StableRandom(StableRandom.Derive(seed, Salt)));
        if (partition.Clients != clients)
        {
            throw new InvalidOperationException($"{Kind} produced {partition.Clients} clients, expected {clients}");
        }

        return partition;
    }

    /// <summary>A one-line description of this partitioner and its settings, for the run log.</summary>
    public abstract string Describe();

    /// <summary>Mixed into the seed so that partitioning draws differ from other uses of the run seed.</summary>
    private protected virtual long Salt => 0x5041_5254; // "PART"

    private protected abstract Partition SplitCore(IReadOnlyList<int> labels, int classes, int clients, StableRandom random);

    /// <summary>The indices 0..count−1 shuffled.</summary>
    private protected static int[] ShuffledIndices(int count, StableRandom random)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        random.Shuffle(indices.AsSpan());
        return indices;
    }

    /// <summary>The sample indices of each class, in index order.</summary>
    private protected static List<int>[] IndicesByClass(IReadOnlyList<int> labels, int classes)
    {
        var byClass = new List<int>[classes];
        for (var c = 0; c < classes; c++)
        {
            byClass[c] = [];
        }

        for (var i = 0; i < labels.Count; i++)
        {
            byClass[labels[i]].Add(i);
        }

        return byClass;
    }

    /// <summary>
    /// Integer counts summing to <paramref name="total"/> in the given proportions (largest remainder: floors first,
    /// then one more to the largest fractional parts, ties to the lower index).
    /// </summary>
    private protected static int[] Apportion(int total, IReadOnlyList<double> proportions)
    {
        var counts = new int[proportions.Count];
        var fractions = new double[proportions.Count];
        var assigned = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            var exact = proportions[k] * total;
            counts[k] = Math.Min((int)Math.Floor(exact), total - assigned);
            fractions[k] = exact - counts[k];
            assigned += counts[k];
        }

        foreach (var k in Enumerable.Range(0, counts.Length).OrderByDescending(k => fractions[k]).ThenBy(k => k))
        {
            if (assigned == total)
            {
                break;
            }

            counts[k]++;
            assigned++;
        }

        return counts;
    }

    /// <summary>Cuts <paramref name="source"/> into consecutive runs of the given sizes, one per client.</summary>
    private protected static int[][] Cut(IReadOnlyList<int> source, IReadOnlyList<int> sizes)
    {
        var result = new int[sizes.Count][];
        var offset = 0;
        for (var k = 0; k < sizes.Count; k++)
        {
            result[k] = new int[sizes[k]];
            for (var i = 0; i < sizes[k]; i++)
            {
                result[k][i] = source[offset + i];
            }

            offset += sizes[k];
        }

        return result;
    }
}
