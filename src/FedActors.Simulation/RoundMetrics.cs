namespace FedActors.Simulation;

/// <summary>The metrics journaled for one evaluated round.</summary>
public sealed record RoundMetrics(int Round, IReadOnlyDictionary<string, double> Values);
