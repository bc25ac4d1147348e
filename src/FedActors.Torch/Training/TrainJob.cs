namespace FedActors.Torch;

/// <summary>Local training: start from <see cref="InitialState"/>, train on <see cref="Samples"/> of <see cref="Dataset"/>; <see cref="Seed"/> fixes the batch order.</summary>
public sealed record TrainJob(ModelSpec Model, string Dataset, float[] InitialState, SampleSelection Samples, TrainingHyperParameters Hyper, ulong Seed);
