namespace FedActors.Simulation;

/// <summary>
/// The <c>fedactors.attack.distributed-flip</c> settings (001 Alg. 1): <see cref="Budget"/> (S) poisoned samples of
/// <see cref="Source"/>, relabeled <see cref="Target"/>, split evenly over the malicious clients (P).
/// </summary>
public sealed record DistributedFlipSettings(int Source, int Target, int Budget);
