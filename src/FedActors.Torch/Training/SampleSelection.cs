namespace FedActors.Torch;

/// <summary>
/// The samples of a job: indices into a registered dataset, optional replacement labels (label flipping), and
/// which samples carry <see cref="Trigger"/> (pixel backdoor). Poisoning is described here, never by copying pixels.
/// </summary>
public sealed record SampleSelection(IReadOnlyList<int> Indices)
{
    /// <summary>A label per index, replacing the dataset's; null keeps the dataset's labels.</summary>
    public IReadOnlyList<int>? Labels { get; init; }

    /// <summary>Per index: whether <see cref="Trigger"/> is painted on it.</summary>
    public IReadOnlyList<bool>? Triggered { get; init; }

    public PixelTrigger? Trigger { get; init; }

    public int Count => Indices.Count;

    internal void Validate()
    {
        if (Indices.Count == 0)
        {
            throw new ArgumentException("a job needs at least one sample");
        }

        if (Labels is not null && Labels.Count != Indices.Count)
        {
            throw new ArgumentException($"{Labels.Count} labels for {Indices.Count} samples");
        }

        if (Triggered is not null && Triggered.Count != Indices.Count)
        {
            throw new ArgumentException($"{Triggered.Count} trigger flags for {Indices.Count} samples");
        }
    }
}
