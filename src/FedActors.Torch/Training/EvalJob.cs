namespace FedActors.Torch;

/// <summary>Evaluation of <see cref="State"/> on <see cref="Samples"/>; the result is a confusion matrix.</summary>
public sealed record EvalJob(ModelSpec Model, string Dataset, float[] State, SampleSelection Samples, int BatchSize = 256);
