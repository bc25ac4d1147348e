namespace FedActors.Simulation;

/// <summary>Marker for every event the aggregator persists in its journal.</summary>
public interface IAggregatorEvent;
