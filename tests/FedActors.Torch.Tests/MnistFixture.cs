using FedActors.Data;

namespace FedActors.Torch.Tests;

/// <summary>A trainer with small real MNIST subsets registered: the first 2,000 training and 1,000 test images.</summary>
public sealed class MnistFixture : IDisposable
{
    public const string Train = "mnist-train-2000";
    public const string Test = "mnist-test-1000";

    public MnistFixture()
    {
        Trainer = new TorchTrainer();
        var train = MnistLoader.Load(train: true);
        TrainLabels = train.Labels[..2_000];
        Register(train, Train, 2_000);
        Register(MnistLoader.Load(train: false), Test, 1_000);
    }

    public TorchTrainer Trainer { get; }

    /// <summary>The labels of the registered training subset.</summary>
    public int[] TrainLabels { get; }

    public static SampleSelection All(int count) => new(Enumerable.Range(0, count).ToArray());

    public void Dispose() => Trainer.Dispose();

    private void Register(ImageDataset data, string name, int count) =>
        Trainer.RegisterDataset(name, data.Features.AsSpan(0, count * data.SampleSize), data.SampleShape, data.Labels.AsSpan(0, count), data.Classes);
}
