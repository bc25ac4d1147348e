namespace FedActors.Simulation;

/// <summary>Marker for the messages the aggregator handles.</summary>
public interface IAggregatorCommand;
