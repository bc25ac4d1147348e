namespace FedActors.Simulation;

/// <summary>A completed defense stage of the current round, in pipeline order.</summary>
public sealed record StageVerdict(string Stage, IReadOnlyList<ClientDecision> Decisions, IReadOnlyDictionary<string, double> Diagnostics);
