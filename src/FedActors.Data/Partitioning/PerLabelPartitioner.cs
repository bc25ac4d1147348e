using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// <c>per-label</c>: every client gets exactly <see cref="CountPerLabel"/> samples of each label in
/// <see cref="Labels"/>, drawn at random without replacement (e.g. 250 of each of {6, 2} as in 001 §III-B).
/// </summary>
/// <remarks>
/// Reading: all clients share the same label list; samples of other labels, and those left over, are unused.
/// </remarks>
internal sealed class PerLabelPartitioner : Partitioner
{
    public PerLabelPartitioner(IReadOnlyList<int> labels, int countPerLabel)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("per-label partition needs at least one label", nameof(labels));
        }

        if (labels.Any(l => l < 0) || labels.Distinct().Count() != labels.Count)
        {
            throw new ArgumentException(
                $"per-label labels must be distinct and non-negative, got [{string.Join(", ", labels)}]", nameof(labels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(countPerLabel, 1);
        Labels = labels.ToArray();
        CountPerLabel = countPerLabel;
    }

    /// <summary>The labels every client holds.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>How many samples of each listed label every client holds.</summary>
    public int CountPerLabel { get; }

    public override string Kind => "per-label";

    public override string Describe() =>
        $"partition per-label ({CountPerLabel} of each of [{string.Join(", ", Labels)}] per client)";

    private protected override Partition SplitCore(IReadOnlyList<int> labels, int classes, int clients, StableRandom random)
    {
        var byClass = IndicesByClass(labels, classes);
        var needed = (long)CountPerLabel * clients;
        var pools = new int[Labels.Count][];
        for (var j = 0; j < Labels.Count; j++)
        {
            var label = Labels[j];
            var available = label < classes ? byClass[label].Count : 0;
            if (available < needed)
            {
                throw new ArgumentException(
                    $"per-label partition needs {needed} samples of label {label} ({CountPerLabel} for each of {clients} " +
                    $"clients), but the dataset has {available}; lower the count per label or the number of clients",
                    nameof(labels));
            }

            pools[j] = byClass[label].ToArray();
            random.Shuffle(pools[j].AsSpan());
        }

        var result = new int[clients][];
        for (var k = 0; k < clients; k++)
        {
            result[k] = pools.SelectMany(pool => pool.AsSpan(k * CountPerLabel, CountPerLabel).ToArray()).ToArray();
        }

        return new Partition(result);
    }
}
