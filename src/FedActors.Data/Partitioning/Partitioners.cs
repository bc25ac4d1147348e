namespace FedActors.Data;

/// <summary>Creates the <see cref="Partitioner"/> that <c>data.partition</c> names.</summary>
public static class Partitioners
{
    /// <summary>The kinds <c>data.partition</c> accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["iid", "shards", "dirichlet", "per-label", "quantity-skew"];

    /// <summary>The partitioner of <paramref name="settings"/>' kind, with its parameters.</summary>
    /// <exception cref="ArgumentException">An unknown kind, or a parameter out of range; the message names the key.</exception>
    public static Partitioner Create(PartitionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            "iid" => new IidPartitioner(),
            "shards" => new ShardsPartitioner(),
            "dirichlet" => new DirichletPartitioner(Positive(settings.DirichletAlpha, "data.dirichlet-alpha")),
            "per-label" => CreatePerLabel(settings),
            "quantity-skew" => new QuantitySkewPartitioner(Positive(settings.QuantitySkewBeta, "data.quantity-skew-beta")),
            _ => throw new ArgumentException(
                $"data.partition = '{settings.Kind}' is unknown; use one of {string.Join(", ", Kinds)}", nameof(settings)),
        };
    }

    /// <summary>The partitioner of kind <paramref name="kind"/> with default parameters.</summary>
    public static Partitioner Create(string kind) => Create(new PartitionSettings(kind));

    private static PerLabelPartitioner CreatePerLabel(PartitionSettings settings)
    {
        if (settings.PerLabelCount < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings), settings.PerLabelCount, "data.per-label-count must be ≥ 1");
        }

        if (settings.PerLabelLabels is null || settings.PerLabelLabels.Count == 0 || settings.PerLabelLabels.Any(l => l < 0)
            || settings.PerLabelLabels.Distinct().Count() != settings.PerLabelLabels.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings), "data.per-label-labels must be a non-empty list of distinct labels ≥ 0");
        }

        return new PerLabelPartitioner(settings.PerLabelLabels, settings.PerLabelCount);
    }

    private static double Positive(double value, string key) =>
        value > 0 && !double.IsInfinity(value)
            ? value
            : throw new ArgumentOutOfRangeException(key, value, $"{key} must be finite and > 0");
}
