namespace FedActors.Simulation;

/// <summary>
/// The multi-party boosting search of 004 §4.1 (Eq. 4) and its single-node baselines (004 §5.1): choose λ from the
/// discrete set Λ minimizing Σ_m [L(D_tar, ŵ) + L(D_m, w_m) + p·(1 − cos(λ_m δ_m, δ̄_{−m}))] subject to
/// ‖λ_m δ_m − δ_n‖₂ ≤ C for every known benign n. See <see cref="BoostPlan"/> for the Readings.
/// </summary>
public static class BoostSearch
{
    /// <summary>
    /// Phase one: the candidates and the evaluations their objective needs. An actor runs
    /// <see cref="BoostPlan.Requests"/> as eval jobs on <see cref="BoostPlan.BuildDelta"/> added to the global model,
    /// then calls <see cref="BoostPlan.Choose"/>.
    /// </summary>
    public static BoostPlan Plan(BoostProblem problem) => new(problem);

    /// <summary>
    /// Both phases at once: <paramref name="evaluate"/> is called once per request with the update to add to the
    /// global model, in <see cref="BoostPlan.Requests"/> order.
    /// </summary>
    public static BoostChoice Search(BoostProblem problem, Func<BoostEvaluationRequest, float[], BoostScore> evaluate, Func<BoostCandidate, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        var plan = Plan(problem);
        var scores = plan.Requests.Select(r => evaluate(r, plan.BuildDelta(r))).ToArray();
        return plan.Choose(scores, accept);
    }

    /// <summary>
    /// SNAL2, "single naive attack with L2 norm constraint" (004 §5.1): one malicious node boosts as far as the bound
    /// allows. <b>Reading:</b> "naive" means no loss or cosine term: the largest λ ∈ Λ with
    /// ‖λδ − δ_n‖₂ ≤ C for every known benign n, found without any evaluation; when none keeps the bound, the λ
    /// exceeding it least, marked infeasible.
    /// </summary>
    public static BoostChoice Snal2(float[] delta, IReadOnlyList<float[]> knownBenign, double l2Bound, IReadOnlyList<double>? lambdas = null)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(knownBenign);
        var problem = new BoostProblem([delta], [1], knownBenign, knownBenign.Select(_ => 1L).ToArray())
        {
            Lambdas = lambdas ?? BoostProblem.DefaultLambdas,
            L2Bound = l2Bound,
        };
        var plan = Plan(problem);
        var within = plan.Candidates.Where(c => c.WithinBound(l2Bound)).ToArray();
        var chosen = within.Length > 0 ? within[^1] : plan.Candidates.OrderBy(c => c.MaxDistance).ThenBy(c => c.Index).First();
        var infeasibility = within.Length > 0 ? BoostInfeasibility.None : BoostInfeasibility.L2Bound;
        return new BoostChoice(chosen, infeasibility, double.NaN, double.NaN, [double.NaN]);
    }

    /// <summary>
    /// SNAL2 with a continuous λ: the largest λ ≥ 0 with ‖λδ − δ_n‖₂ ≤ C for every known benign n, or null when
    /// none exists; +∞ without known benign updates. Each constraint is a quadratic in λ, so the answer is the
    /// smallest upper root, provided the intervals intersect.
    /// </summary>
    public static double? LargestBoundedLambda(float[] delta, IReadOnlyList<float[]> knownBenign, double l2Bound)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(knownBenign);
        if (!(l2Bound >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(l2Bound), l2Bound, "C must be ≥ 0");
        }

        var a = Torch.TensorMath.Dot(delta, delta);
        double low = 0, high = double.PositiveInfinity;
        foreach (var benign in knownBenign)
        {
            // ‖λδ − δ_n‖² = aλ² − 2bλ + c ≤ C².
            var b = Torch.TensorMath.Dot(delta, benign);
            var c = Torch.TensorMath.Dot(benign, benign) - l2Bound * l2Bound;
            if (a == 0)
            {
                if (c > 0)
                {
                    return null;
                }

                continue;
            }

            var discriminant = b * b - a * c;
            if (discriminant < 0)
            {
                return null;
            }

            var root = Math.Sqrt(discriminant);
            low = Math.Max(low, (b - root) / a);
            high = Math.Min(high, (b + root) / a);
        }

        return low <= high ? high : null;
    }

    /// <summary>
    /// SAnoDC, "single attack node without any distance constraint" (004 §5.1, after 000): <b>Reading:</b> the Eq. 4
    /// search for one node with the L2 bound lifted (C = +∞), so the most effective λ ∈ Λ by the same objective.
    /// Run the returned problem through <see cref="Plan"/> or <see cref="Search"/>.
    /// </summary>
    public static BoostProblem SanodcProblem(BoostProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Members != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(problem), $"SAnoDC has one malicious node, the problem {problem.Members}");
        }

        return problem with { L2Bound = double.PositiveInfinity, PerMember = false };
    }
}
