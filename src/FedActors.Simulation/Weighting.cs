namespace FedActors.Simulation;

/// <summary>How FedAvg weighs client updates.</summary>
public enum Weighting
{
    /// <summary>a_k ∝ n_k, the client's sample count (the default).</summary>
    Samples,

    /// <summary>a_k ∝ 1, as in McMahan et al. Alg. 1.</summary>
    Uniform,
}
