using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// A learnable stand-in for real data: each class has its own mean in [0, 1] per feature, and a sample is its class
/// mean plus Gaussian noise (σ = <see cref="NoiseStdDev"/>), clipped to [0, 1]. Deterministic for a seed.
/// </summary>
public static class SyntheticDataset
{
    public const double NoiseStdDev = 0.15;

    /// <summary><paramref name="count"/> samples of <paramref name="sampleShape"/>, labels balanced over <paramref name="classes"/> and shuffled.</summary>
    public static ImageDataset Generate(int count, int[] sampleShape, int classes, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (sampleShape.Length == 0 || sampleShape.Any(size => size <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleShape), $"[{string.Join(", ", sampleShape)}] must have positive sizes");
        }

        var sampleSize = sampleShape.Aggregate(1, (a, b) => checked(a * b));
        var meansRandom = new StableRandom(StableRandom.Derive(seed, 0));
        var means = new float[classes * sampleSize];
        for (var i = 0; i < means.Length; i++)
        {
            means[i] = (float)meansRandom.NextDouble();
        }

        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % classes;
        }

        new StableRandom(StableRandom.Derive(seed, 1)).Shuffle(labels.AsSpan());

        var noise = new StableRandom(StableRandom.Derive(seed, 2));
        var features = new float[checked(count * sampleSize)];
        for (var i = 0; i < count; i++)
        {
            var mean = means.AsSpan(labels[i] * sampleSize, sampleSize);
            for (var j = 0; j < sampleSize; j++)
            {
                features[i * sampleSize + j] = (float)Math.Clamp(mean[j] + NoiseStdDev * noise.NextGaussian(), 0.0, 1.0);
            }
        }

        return new ImageDataset($"synthetic-{seed}", features, labels, (int[])sampleShape.Clone(), classes);
    }
}
