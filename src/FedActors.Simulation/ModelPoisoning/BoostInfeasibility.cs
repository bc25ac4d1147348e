namespace FedActors.Simulation;

/// <summary>Why a <see cref="BoostChoice"/> breaks a stealth requirement, if it does.</summary>
public enum BoostInfeasibility
{
    /// <summary>The choice meets every requirement.</summary>
    None,

    /// <summary>No λ in Λ keeps ‖λ_m δ_m − δ_n‖₂ ≤ C; the choice is the one that exceeds C least.</summary>
    L2Bound,

    /// <summary>
    /// Every λ within the bound fails the accuracy check (004 Eq. 3) or the caller's own test; the choice is the
    /// best of them by the objective.
    /// </summary>
    AccuracyCheck,
}
