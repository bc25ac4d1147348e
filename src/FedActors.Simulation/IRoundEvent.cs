namespace FedActors.Simulation;

/// <summary>Marker for the journaled events of one federated round; <see cref="RoundState.Apply"/> folds them.</summary>
public interface IRoundEvent : IAggregatorEvent
{
    /// <summary>The round the event belongs to.</summary>
    int Round { get; }
}
