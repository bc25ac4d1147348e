namespace FedActors.Simulation;

/// <summary>
/// One model the coalition must evaluate for the boosting search: w + Σ_m MemberCoefficients[m]·δ_m +
/// Σ_n BenignCoefficients[n]·δ_n, w the round's global model, on the samples <see cref="Set"/> names
/// (<see cref="BoostPlan.BuildDelta"/> builds the update). <see cref="Id"/> is its index in
/// <see cref="BoostPlan.Requests"/>.
/// </summary>
public sealed record BoostEvaluationRequest(
    int Id,
    BoostEvaluationSet Set,
    int Member,
    IReadOnlyList<double> MemberCoefficients,
    IReadOnlyList<double> BenignCoefficients);
