using FedActors.Data;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Run;

/// <summary>The train and test sets of a run, as named by <c>data.name</c>.</summary>
public sealed record RunData(ImageDataset Train, ImageDataset Test)
{
    /// <summary>Samples of the <c>synthetic</c> dataset: 1x8x8 "images", 10 classes.</summary>
    public const int SyntheticTrain = 2_000;

    public const int SyntheticTest = 500;

    public static readonly int[] SyntheticShape = [1, 8, 8];

    private const long SyntheticSalt = 0x5359_4E54; // "SYNT"

    /// <summary>The train and test sets of <c>data.name</c>, restricted to <c>data.labels</c> when it lists any.</summary>
    public static RunData Load(DataSettings data, ulong runSeed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var loaded = LoadAll(data, runSeed);
        return data.Labels.Count == 0
            ? loaded
            : new RunData(Restrict(loaded.Train, data.Labels), Restrict(loaded.Test, data.Labels));
    }

    /// <summary>
    /// The data as <paramref name="modelName"/> takes it: zero-padded to 32×32 for <c>pdgan-discriminator</c> (002 §5.1
    /// resizes MNIST and Fashion-MNIST to 32×32; ALGORITHMS.md: 28×28 padded), unchanged for every other model.
    /// </summary>
    public RunData ForModel(string modelName) =>
        modelName == "pdgan-discriminator" && Train.SampleShape is [_, < 32, < 32]
            ? new RunData(ImageTransforms.PadTo32(Train), ImageTransforms.PadTo32(Test))
            : this;

    /// <summary>The samples of <paramref name="source"/> whose label is one of <paramref name="labels"/>, in order, with their labels unchanged.</summary>
    public static ImageDataset Restrict(ImageDataset source, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(source);
        var keep = Enumerable.Range(0, source.Count).Where(i => labels.Contains(source.Labels[i])).ToArray();
        var size = source.SampleSize;
        var features = new float[keep.Length * size];
        for (var k = 0; k < keep.Length; k++)
        {
            source.Sample(keep[k]).CopyTo(features.AsSpan(k * size, size));
        }

        return new ImageDataset(source.Name, features, keep.Select(i => source.Labels[i]).ToArray(), (int[])source.SampleShape.Clone(), source.Classes);
    }

    private static RunData LoadAll(DataSettings data, ulong runSeed)
    {
        switch (data.Name)
        {
            case "mnist":
                return new RunData(MnistLoader.Load(train: true, data.CacheDir), MnistLoader.Load(train: false, data.CacheDir));
            case "fashion-mnist":
                return new RunData(FashionMnistLoader.Load(train: true, data.CacheDir), FashionMnistLoader.Load(train: false, data.CacheDir));
            case "synthetic":
                // One draw split in two, so train and test share the class means but not the samples.
                var all = SyntheticDataset.Generate(SyntheticTrain + SyntheticTest, SyntheticShape, data.Classes, StableRandom.Derive(runSeed, SyntheticSalt));
                return new RunData(Slice(all, 0, SyntheticTrain, "synthetic-train"), Slice(all, SyntheticTrain, SyntheticTest, "synthetic-test"));
            default:
                throw new NotSupportedException($"fedactors run does not load data.name = {data.Name} yet; use mnist, fashion-mnist or synthetic");
        }
    }

    private static ImageDataset Slice(ImageDataset source, int start, int count, string name)
    {
        var size = source.SampleSize;
        return new ImageDataset(
            name,
            source.Features.AsSpan(start * size, count * size).ToArray(),
            source.Labels.AsSpan(start, count).ToArray(),
            (int[])source.SampleShape.Clone(),
            source.Classes);
    }
}
