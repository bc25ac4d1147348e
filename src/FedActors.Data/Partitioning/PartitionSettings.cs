namespace FedActors.Data;

/// <summary>
/// The <c>data</c> settings that choose a partition: <c>partition</c> (the kind) and the parameters of each kind.
/// </summary>
/// <param name="Kind"><c>data.partition</c>: iid, shards, dirichlet, per-label or quantity-skew.</param>
public sealed record PartitionSettings(string Kind = "iid")
{
    /// <summary><c>data.dirichlet-alpha</c>: concentration of the dirichlet partition; smaller is more skewed.</summary>
    public double DirichletAlpha { get; init; } = 0.5;

    /// <summary><c>data.per-label-labels</c>: the labels every client holds under per-label (001 §III-B: {6, 2}).</summary>
    public IReadOnlyList<int> PerLabelLabels { get; init; } = [6, 2];

    /// <summary><c>data.per-label-count</c>: samples of each listed label per client under per-label (001: 250).</summary>
    public int PerLabelCount { get; init; } = 250;

    /// <summary><c>data.quantity-skew-beta</c>: concentration of the client-size proportions; smaller is more skewed.</summary>
    public double QuantitySkewBeta { get; init; } = 0.5;
}
