namespace FedActors.Simulation;

/// <summary>What the round journal knows about an accepted update.</summary>
public sealed record ReceivedUpdate(long NumSamples, double Norm, string Sha256);
