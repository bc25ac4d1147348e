using System.Globalization;
using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// <c>quantity-skew</c>: client sizes vary with proportions ~ Dir(β) while labels stay IID (the quantity-based
/// skew of Li et al., "Federated Learning on Non-IID Data Silos: An Experimental Study", ICDE 2022).
/// </summary>
/// <remarks>
/// Reading: every sample is used and every client gets at least one. The samples are shuffled; each client first
/// gets 1 sample, and the remaining n − N are apportioned by largest remainder of q ~ Dir(β). Needs at least N samples.
/// </remarks>
internal sealed class QuantitySkewPartitioner : Partitioner
{
    public QuantitySkewPartitioner(double beta)
    {
        if (!(beta > 0) || double.IsInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "quantity-skew beta must be finite and > 0");
        }

        Beta = beta;
    }

    /// <summary>The concentration β of the client-size proportions; smaller is more skewed.</summary>
    public double Beta { get; }

    public override string Kind => "quantity-skew";

    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"partition quantity-skew (beta = {Beta}, sizes ~ 1 + Dir(beta), IID labels)");

    private protected override Partition SplitCore(IReadOnlyList<int> labels, int classes, int clients, StableRandom random)
    {
        if (labels.Count < clients)
        {
            throw new ArgumentException(
                $"quantity-skew partition gives every client at least one sample, but the dataset has {labels.Count} " +
                $"samples for {clients} clients; use fewer clients", nameof(labels));
        }

        var shuffled = ShuffledIndices(labels.Count, random);
        var proportions = Dirichlet.Sample(random, Beta, clients);
        var sizes = Apportion(labels.Count - clients, proportions).Select(s => s + 1).ToArray();
        return new Partition(Cut(shuffled, sizes));
    }
}
