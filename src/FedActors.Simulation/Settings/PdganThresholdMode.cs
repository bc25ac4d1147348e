namespace FedActors.Simulation;

/// <summary>How PDGAN's accuracy threshold η is read (002 Alg. 1, line 18: a client is kept when a_k ≥ η).</summary>
public enum PdganThresholdMode
{
    /// <summary>η is an accuracy: kept when a_k ≥ η (the paper's predefined threshold).</summary>
    Absolute,

    /// <summary>η is a share of the round's median accuracy: kept when a_k ≥ η · median(a).</summary>
    Relative,
}
