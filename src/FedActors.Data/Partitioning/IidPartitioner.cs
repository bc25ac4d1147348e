using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// <c>iid</c>: shuffles all samples and deals them out in equal parts (the IID setting of 000 §6.2).
/// </summary>
/// <remarks>
/// Reading: every sample is used. With n = qN + r, the first r clients get q + 1 samples and the rest q, so client
/// sizes differ by at most one. With fewer samples than clients some clients get none.
/// </remarks>
internal sealed class IidPartitioner : Partitioner
{
    public override string Kind => "iid";

    public override string Describe() => "partition iid (shuffle, equal split, remainder one each to the first clients)";

    private protected override Partition SplitCore(IReadOnlyList<int> labels, int classes, int clients, StableRandom random)
    {
        var shuffled = ShuffledIndices(labels.Count, random);
        return new Partition(Cut(shuffled, EqualSizes(labels.Count, clients)));
    }

    /// <summary>Sizes of <paramref name="parts"/> parts of <paramref name="total"/>, the first total mod parts one larger.</summary>
    internal static int[] EqualSizes(int total, int parts)
    {
        var (quotient, remainder) = Math.DivRem(total, parts);
        return Enumerable.Range(0, parts).Select(k => quotient + (k < remainder ? 1 : 0)).ToArray();
    }
}
