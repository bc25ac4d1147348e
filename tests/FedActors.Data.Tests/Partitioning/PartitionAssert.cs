namespace FedActors.Data.Tests.Partitioning;

/// <summary>Synthetic labels and the invariants every partition must keep.</summary>
internal static class PartitionAssert
{
    /// <summary>1,000 labels, 100 of each of 10 classes, interleaved.</summary>
    public static int[] BalancedLabels(int count = 1_000, int classes = 10) =>
        Enumerable.Range(0, count).Select(i => i % classes).ToArray();

    /// <summary>Labels with uneven class counts: class c holds 50 + 4c samples (10 classes, 680 samples), shuffled.</summary>
    public static int[] UnevenLabels()
    {
        var labels = Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 50 + 4 * c)).ToArray();
        new FedActors.Torch.StableRandom(99).Shuffle(labels.AsSpan());
        return labels;
    }

    /// <summary>Every index is a valid sample and no sample is given to two clients.</summary>
    public static void DisjointAndValid(Partition partition, int samples)
    {
        var seen = new bool[samples];
        for (var k = 0; k < partition.Clients; k++)
        {
            foreach (var index in partition[k])
            {
                Assert.InRange(index, 0, samples - 1);
                Assert.False(seen[index], $"sample {index} is given twice (again to client {k})");
                seen[index] = true;
            }
        }
    }

    /// <summary>Every sample is given to some client.</summary>
    public static void Complete(Partition partition, int samples) =>
        Assert.Equal(Enumerable.Range(0, samples), Enumerable.Range(0, partition.Clients).SelectMany(k => partition[k]).Order());

    public static bool SameAs(Partition a, Partition b) =>
        a.Clients == b.Clients && Enumerable.Range(0, a.Clients).All(k => a[k].SequenceEqual(b[k]));
}
