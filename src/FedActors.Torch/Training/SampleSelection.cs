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

    /// <summary>
    /// The selection cut into consecutive parts of <paramref name="size"/> samples (the last one shorter), each with its
    /// own labels and trigger flags and the same trigger; the selection itself when it fits in one part.
    /// </summary>
    public IReadOnlyList<SampleSelection> Chunks(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (Count <= size)
        {
            return [this];
        }

        var chunks = new List<SampleSelection>((Count + size - 1) / size);
        for (var start = 0; start < Count; start += size)
        {
            var length = Math.Min(size, Count - start);
            chunks.Add(new SampleSelection(Slice(Indices, start, length))
            {
                Labels = Labels is null ? null : Slice(Labels, start, length),
                Triggered = Triggered is null ? null : Slice(Triggered, start, length),
                Trigger = Trigger,
            });
        }

        return chunks;
    }

    private static T[] Slice<T>(IReadOnlyList<T> items, int start, int length)
    {
        var slice = new T[length];
        for (var i = 0; i < length; i++)
        {
            slice[i] = items[start + i];
        }

        return slice;
    }

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
