using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// <c>shards</c>: sorts the samples by label, cuts them into 2N shards and gives each client 2 shards drawn at random
/// (the non-IID setting of 000 §6.2, after McMahan et al., "Communication-Efficient Learning of Deep Networks from
/// Decentralized Data", 2017).
/// </summary>
/// <remarks>
/// Reading: every sample is used. Samples are sorted by (label, index); with n = 2N·q + r the first r shards hold
/// q + 1 samples and the rest q. A shard lies within one class unless the class boundary falls inside it, so a client
/// holds at most 2 labels when every class count is a multiple of the shard size, and at most 4 when shards are no
/// larger than the smallest class. Needs at least 2N samples.
/// </remarks>
internal sealed class ShardsPartitioner : Partitioner
{
    /// <summary>Shards per client.</summary>
    public const int ShardsPerClient = 2;

    public override string Kind => "shards";

    public override string Describe() => $"partition shards ({ShardsPerClient} label-sorted shards per client)";

    private protected override Partition SplitCore(IReadOnlyList<int> labels, int classes, int clients, StableRandom random)
    {
        var shardCount = ShardsPerClient * clients;
        if (labels.Count < shardCount)
        {
            throw new ArgumentException(
                $"shards partition needs at least {shardCount} samples ({ShardsPerClient} shards for each of {clients} clients), " +
                $"but the dataset has {labels.Count}; use fewer clients", nameof(labels));
        }

        var sorted = Enumerable.Range(0, labels.Count).OrderBy(i => labels[i]).ThenBy(i => i).ToArray();
        var shards = Cut(sorted, IidPartitioner.EqualSizes(labels.Count, shardCount));
        var order = ShuffledIndices(shardCount, random);
        var result = new int[clients][];
        for (var k = 0; k < clients; k++)
        {
            result[k] = Enumerable.Range(0, ShardsPerClient).SelectMany(s => shards[order[k * ShardsPerClient + s]]).ToArray();
        }

        return new Partition(result);
    }
}
