namespace FedActors.Torch;

/// <summary>
/// The trained state, how many samples it saw per epoch, and the mean training loss. A <see cref="TorchTrainer"/>'s
/// state is rented from its <see cref="VectorPool"/>: the consumer owns it and may turn it into the client's update in
/// place, then <see cref="VectorPool.Release"/> it when the round is over.
/// </summary>
public sealed record TrainResult(float[] State, int Samples, double MeanLoss);
