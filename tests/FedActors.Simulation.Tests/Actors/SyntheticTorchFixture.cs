using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

/// <summary>A real <see cref="TorchTrainer"/> with a tiny synthetic dataset (60 samples of 8 features, 3 classes) and an MLP for it.</summary>
public sealed class SyntheticTorchFixture : IDisposable
{
    public const string Dataset = "synthetic";

    public SyntheticTorchFixture()
    {
        Data = SyntheticDataset.Generate(60, [8], classes: 3, seed: 11);
        Trainer = new TorchTrainer();
        Trainer.RegisterDataset(Dataset, Data.Features, Data.SampleShape, Data.Labels, Data.Classes);
        Model = ModelZoo.Mlp([8], [16], 3);
        using var model = TorchModel.Create(Model);
        InitialState = model.InitialState(seed: 5);
    }

    public ImageDataset Data { get; }

    public TorchTrainer Trainer { get; }

    public ModelSpec Model { get; }

    public float[] InitialState { get; }

    public static TrainingHyperParameters Hyper { get; } = new() { LearningRate = 0.1, Epochs = 2, BatchSize = 8 };

    public void Dispose() => Trainer.Dispose();
}
