namespace FedActors.Simulation;

/// <summary>How Sniper's distance threshold γ starts and grows.</summary>
public enum SniperGammaMode
{
    /// <summary>γ₀ and ε as written (001 Alg. 2: 0.5 and 0.05).</summary>
    Absolute,

    /// <summary>γ₀ and ε as multiples of the round's median pairwise distance.</summary>
    Relative,
}
