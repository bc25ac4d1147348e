namespace FedActors.Simulation;

/// <summary>Where the aggregator stands in a round.</summary>
public enum RoundPhase
{
    /// <summary>No round has started yet.</summary>
    Idle,

    /// <summary>Clients were asked to train; replies are still owed or all in, no stage has run yet.</summary>
    Collecting,

    /// <summary>At least one defense stage has completed.</summary>
    Defending,

    /// <summary>The new global model exists.</summary>
    Aggregated,

    /// <summary>The new global model was evaluated; the next round may start.</summary>
    Evaluated,
}
