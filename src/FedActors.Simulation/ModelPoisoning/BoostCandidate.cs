namespace FedActors.Simulation;

/// <summary>
/// One boosting strategy λ = (λ_1..λ_M) with its geometry: <see cref="MaxDistance"/> = max over members m and known
/// benign n of ‖λ_m δ_m − δ_n‖₂ (0 without known benign updates), and per member the cosine of λ_m δ_m with
/// δ̄_{−m}, the mean of the other known updates (NaN when there are none).
/// </summary>
public sealed record BoostCandidate(int Index, IReadOnlyList<double> Lambdas, double MaxDistance, IReadOnlyList<double> Cosines)
{
    /// <summary>Whether the candidate keeps the L2 bound C of 004 Eq. 4.</summary>
    public bool WithinBound(double l2Bound) => MaxDistance <= l2Bound;

    /// <summary>Σ_m (1 − cos_m), the unweighted cosine term of 004 Eq. 4; a member without others adds 0.</summary>
    public double CosineTerm => Cosines.Sum(c => double.IsNaN(c) ? 0 : 1 - c);
}
