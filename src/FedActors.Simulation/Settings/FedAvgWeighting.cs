namespace FedActors.Simulation;

/// <summary>How FedAvg weighs client updates: by their sample counts, or equally.</summary>
public enum FedAvgWeighting
{
    Samples,
    Uniform,
}
