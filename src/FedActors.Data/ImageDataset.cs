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
}
