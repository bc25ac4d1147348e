namespace FedActors.Data;

/// <summary>
/// Labelled samples in memory: <see cref="Features"/> holds <see cref="Count"/> samples of <see cref="SampleShape"/>
/// one after another, normalized to [0, 1] for images.
/// </summary>
public sealed record ImageDataset(string Name, float[] Features, int[] Labels, int[] SampleShape, int Classes)
{
    public int Count => Labels.Length;

    public int SampleSize => SampleShape.Aggregate(1, (a, b) => a * b);

    public ReadOnlySpan<float> Sample(int index) => Features.AsSpan(index * SampleSize, SampleSize);

    /// <summary>
    /// This dataset followed by <paramref name="extra"/>'s samples (which keep their labels): indices of this dataset
    /// stay valid in the result, and extra sample i becomes <c>Count + i</c>. Lets one job train on a client's shard
    /// plus generated samples (the semantic backdoor's variants).
    /// </summary>
    public ImageDataset Append(ImageDataset extra, string name)
    {
        ArgumentNullException.ThrowIfNull(extra);
        if (!extra.SampleShape.SequenceEqual(SampleShape) || extra.Classes != Classes)
        {
            throw new ArgumentException($"cannot append {extra.Name} ({string.Join('x', extra.SampleShape)}, {extra.Classes} classes) to {Name} ({string.Join('x', SampleShape)}, {Classes} classes)");
        }

        return new ImageDataset(name, Features.Concat(extra.Features).ToArray(), Labels.Concat(extra.Labels).ToArray(), SampleShape, Classes);
    }
}
