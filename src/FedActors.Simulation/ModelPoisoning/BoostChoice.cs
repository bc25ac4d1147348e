namespace FedActors.Simulation;

/// <summary>
/// The result of a boosting search: the chosen λ per member, whether it meets the stealth requirements, and, when
/// losses were evaluated, its objective Σ_m [L(D_tar, ŵ) + L(D_m, w_m) + p·(1 − cos_m)] and terms (NaN otherwise).
/// </summary>
public sealed record BoostChoice(
    BoostCandidate Candidate,
    BoostInfeasibility Infeasibility,
    double Objective,
    double TargetLoss,
    IReadOnlyList<double> MemberLosses)
{
    /// <summary>λ_m for each member, in the order of <see cref="BoostProblem.MemberDeltas"/>.</summary>
    public IReadOnlyList<double> Lambdas => Candidate.Lambdas;

    /// <summary>Whether the choice meets the L2 bound and, when asked for, the accuracy check.</summary>
    public bool Feasible => Infeasibility == BoostInfeasibility.None;
}
