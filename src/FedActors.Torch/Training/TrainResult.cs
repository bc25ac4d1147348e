namespace FedActors.Torch;

/// <summary>The trained state, how many samples it saw per epoch, and the mean training loss.</summary>
public sealed record TrainResult(float[] State, int Samples, double MeanLoss);
