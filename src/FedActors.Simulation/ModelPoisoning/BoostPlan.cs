using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The first phase of the boosting search of 004 Eq. 4: every candidate λ with its geometry, and the models whose
/// losses (and accuracies) the objective needs, listed once each in <see cref="Requests"/>. The coalition evaluates
/// them (e.g. as trainer-pool jobs, in any order) and hands the scores to <see cref="Choose"/>, the second phase.
/// Only candidates within the L2 bound get requests; without any, <see cref="Requests"/> is empty.
/// </summary>
/// <remarks>
/// <b>Reading</b> (004 Eq. 4): the first term "λ_m F_m(D_tar, w_G)" is read as L(D_tar, ŵ), the targeted loss of the
/// predicted next global model ŵ = w + η·FedAvg(known benign ∪ boosted members), sample-weighted as the server
/// aggregates (004 Eq. 2); it is counted once per member, as the sum over m states. w_m in F_m(D_m, w_m) is read
/// as the model member m effectively submits, w + λ_m δ_m: with the raw local model the term would not depend on
/// λ. δ̄_{−m} is the unweighted mean of the other updates the coalition knows for the round, the known benign ones
/// and the other members' boosted ones, as in the stealth metric of 004 Table 2 (<see cref="Stealth.Scores"/>);
/// with no other update the cosine term is 0. The bound ‖λ_m δ_m − δ_n‖₂ ≤ C applies to the boosted update, the
/// one the server's L2 check sees. Norms, distances and cosines come from one Gram matrix of the M + B raw updates
/// accumulated in double, so that |Λ|^M candidates cost no pass over the model.
/// </remarks>
public sealed class BoostPlan
{
    private readonly double[,] _gram;
    private readonly double[] _weights;
    private readonly int[] _targetRequest;
    private readonly int[][] _memberRequest;
    private readonly int[][] _memberValidation;
    private readonly int[][] _othersValidation;

    internal BoostPlan(BoostProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Validate();
        Problem = problem;
        var vectors = problem.MemberDeltas.Concat(problem.KnownBenignDeltas).ToArray();
        _gram = new double[vectors.Length, vectors.Length];
        for (var i = 0; i < vectors.Length; i++)
        {
            for (var j = i; j < vectors.Length; j++)
            {
                _gram[i, j] = _gram[j, i] = TensorMath.Dot(vectors[i], vectors[j]);
            }
        }

        var counts = problem.MemberSampleCounts.Concat(problem.KnownBenignSampleCounts).ToArray();
        _weights = FedAvg.Coefficients(counts, Enumerable.Repeat(1.0, counts.Length).ToArray(), problem.Weighting);
        Candidates = Enumerate(problem).Select((lambdas, index) => Describe(index, lambdas)).ToArray();

        var requests = new List<BoostEvaluationRequest>();
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        var m = problem.Members;
        _targetRequest = new int[Candidates.Count];
        _memberRequest = new int[Candidates.Count][];
        _memberValidation = new int[Candidates.Count][];
        _othersValidation = new int[Candidates.Count][];
        foreach (var candidate in Candidates)
        {
            var c = candidate.Index;
            _targetRequest[c] = -1;
            if (!candidate.WithinBound(problem.L2Bound))
            {
                continue;
            }

            _targetRequest[c] = Request(requests, known, BoostEvaluationSet.Target, -1, Aggregate(candidate.Lambdas, exclude: -1));
            _memberRequest[c] = new int[m];
            _memberValidation[c] = new int[m];
            _othersValidation[c] = new int[m];
            for (var member = 0; member < m; member++)
            {
                var own = Single(member, candidate.Lambdas[member]);
                _memberRequest[c][member] = Request(requests, known, BoostEvaluationSet.Member, member, own);
                if (problem.AccuracyCheckTolerance is not null && vectors.Length > 1)
                {
                    _memberValidation[c][member] = Request(requests, known, BoostEvaluationSet.Validation, -1, own);
                    _othersValidation[c][member] = Request(requests, known, BoostEvaluationSet.Validation, -1, Aggregate(candidate.Lambdas, exclude: member));
                }
            }
        }

        Requests = requests;
    }

    /// <summary>The search's inputs.</summary>
    public BoostProblem Problem { get; }

    /// <summary>Every candidate λ: the shared λ of Λ in ascending order, or Λ^M in lexicographic order.</summary>
    public IReadOnlyList<BoostCandidate> Candidates { get; }

    /// <summary>The evaluations <see cref="Choose"/> needs, each model listed once; <c>Requests[i].Id == i</c>.</summary>
    public IReadOnlyList<BoostEvaluationRequest> Requests { get; }

    /// <summary>Whether some candidate keeps the L2 bound.</summary>
    public bool AnyWithinBound => Candidates.Any(c => c.WithinBound(Problem.L2Bound));

    /// <summary>The update (relative to the round's global model) that <paramref name="request"/> evaluates, summed in double.</summary>
    public float[] BuildDelta(BoostEvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dimension = Problem.MemberDeltas[0].Length;
        var sum = new double[dimension];
        Accumulate(sum, Problem.MemberDeltas, request.MemberCoefficients);
        Accumulate(sum, Problem.KnownBenignDeltas, request.BenignCoefficients);
        var result = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            result[i] = (float)sum[i];
        }

        return result;
    }

    /// <summary>
    /// The second phase: picks the candidate within the bound that minimizes the objective, given
    /// <paramref name="scores"/>[i] for <see cref="Requests"/>[i]. Candidates failing the accuracy check (when
    /// <see cref="BoostProblem.AccuracyCheckTolerance"/> is set) or <paramref name="accept"/> are excluded. Ties go to
    /// the earlier candidate (the smaller λ). When no candidate keeps the bound, the one exceeding it least is
    /// returned as infeasible; when all within it are excluded, the best of them by the objective is.
    /// </summary>
    public BoostChoice Choose(IReadOnlyList<BoostScore> scores, Func<BoostCandidate, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count != Requests.Count)
        {
            throw new ArgumentException($"{scores.Count} scores for {Requests.Count} requests", nameof(scores));
        }

        if (!AnyWithinBound)
        {
            var least = Candidates.OrderBy(c => c.MaxDistance).ThenBy(c => c.Index).First();
            return new BoostChoice(least, BoostInfeasibility.L2Bound, double.NaN, double.NaN, NaNs(Problem.Members));
        }

        BoostChoice? best = null, bestExcluded = null;
        foreach (var candidate in Candidates.Where(c => c.WithinBound(Problem.L2Bound)))
        {
            var choice = Evaluate(candidate, scores);
            var passes = PassesAccuracyCheck(candidate.Index, scores) && (accept?.Invoke(candidate) ?? true);
            if (passes && (best is null || choice.Objective < best.Objective))
            {
                best = choice;
            }
            else if (!passes && (bestExcluded is null || choice.Objective < bestExcluded.Objective))
            {
                bestExcluded = choice;
            }
        }

        return best ?? bestExcluded! with { Infeasibility = BoostInfeasibility.AccuracyCheck };
    }

    private BoostChoice Evaluate(BoostCandidate candidate, IReadOnlyList<BoostScore> scores)
    {
        var target = scores[_targetRequest[candidate.Index]].MeanLoss;
        var members = _memberRequest[candidate.Index].Select(r => scores[r].MeanLoss).ToArray();
        var objective = Problem.Members * target + members.Sum() + Problem.CosinePenalty * candidate.CosineTerm;
        if (double.IsNaN(objective))
        {
            throw new ArgumentException($"candidate λ = ({string.Join(", ", candidate.Lambdas)}) has a NaN loss; were the losses evaluated?", nameof(scores));
        }

        return new BoostChoice(candidate, BoostInfeasibility.None, objective, target, members);
    }

    /// <summary>004 Eq. 3 from the adversary's view: Acc(w + δ_{−m}) − Acc(w + λ_m δ_m) ≤ γ for every member.</summary>
    private bool PassesAccuracyCheck(int candidate, IReadOnlyList<BoostScore> scores)
    {
        if (Problem.AccuracyCheckTolerance is not { } gamma || Problem.MemberDeltas.Count + Problem.KnownBenignDeltas.Count < 2)
        {
            return true;
        }

        for (var member = 0; member < Problem.Members; member++)
        {
            var others = scores[_othersValidation[candidate][member]].Accuracy;
            var own = scores[_memberValidation[candidate][member]].Accuracy;
            if (others - own > gamma)
            {
                return false;
            }
        }

        return true;
    }

    private BoostCandidate Describe(int index, double[] lambdas)
    {
        var m = Problem.Members;
        var b = Problem.KnownBenignDeltas.Count;
        var maxSquared = 0.0;
        var cosines = new double[m];
        for (var member = 0; member < m; member++)
        {
            var lambda = lambdas[member];
            for (var n = 0; n < b; n++)
            {
                var squared = lambda * lambda * _gram[member, member] - 2 * lambda * _gram[member, m + n] + _gram[m + n, m + n];
                maxSquared = Math.Max(maxSquared, squared);
            }

            // δ̄_{−m}: the mean of the other members' boosted updates and the known benign ones.
            var others = new double[m + b];
            var count = m + b - 1;
            for (var k = 0; k < m + b; k++)
            {
                others[k] = k == member ? 0 : (k < m ? lambdas[k] : 1.0) / Math.Max(count, 1);
            }

            var own = Single(member, lambda);
            cosines[member] = count == 0 ? double.NaN : Cosine(Concat(own), others);
        }

        return new BoostCandidate(index, lambdas, Math.Sqrt(maxSquared), cosines);
    }

    private double Cosine(double[] x, double[] y)
    {
        var norms = Math.Sqrt(Math.Max(Quadratic(x, x), 0)) * Math.Sqrt(Math.Max(Quadratic(y, y), 0));
        return norms == 0 ? 0 : Quadratic(x, y) / norms;
    }

    private double Quadratic(double[] x, double[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = 0; j < y.Length; j++)
            {
                sum += x[i] * _gram[i, j] * y[j];
            }
        }

        return sum;
    }

    /// <summary>Coefficients of η·FedAvg over the known benign updates and the boosted members, leaving out <paramref name="exclude"/>.</summary>
    private (double[] Members, double[] Benign) Aggregate(IReadOnlyList<double> lambdas, int exclude)
    {
        var m = Problem.Members;
        var weights = _weights;
        if (exclude >= 0)
        {
            var counts = Problem.MemberSampleCounts.Concat(Problem.KnownBenignSampleCounts).ToArray();
            var keep = counts.Select((_, k) => k == exclude ? 0.0 : 1.0).ToArray();
            weights = FedAvg.Coefficients(counts, keep, Problem.Weighting);
        }

        var members = new double[m];
        for (var k = 0; k < m; k++)
        {
            members[k] = Problem.ServerLearningRate * weights[k] * lambdas[k];
        }

        var benign = new double[Problem.KnownBenignDeltas.Count];
        for (var n = 0; n < benign.Length; n++)
        {
            benign[n] = Problem.ServerLearningRate * weights[m + n];
        }

        return (members, benign);
    }

    private (double[] Members, double[] Benign) Single(int member, double lambda)
    {
        var members = new double[Problem.Members];
        members[member] = lambda;
        return (members, new double[Problem.KnownBenignDeltas.Count]);
    }

    private static double[] Concat((double[] Members, double[] Benign) coefficients) => [.. coefficients.Members, .. coefficients.Benign];

    private static int Request(List<BoostEvaluationRequest> requests, Dictionary<string, int> known, BoostEvaluationSet set, int member, (double[] Members, double[] Benign) coefficients)
    {
        var key = $"{set}|{member}|{string.Join(',', coefficients.Members.Select(c => c.ToString("R")))}|{string.Join(',', coefficients.Benign.Select(c => c.ToString("R")))}";
        if (!known.TryGetValue(key, out var id))
        {
            id = requests.Count;
            requests.Add(new BoostEvaluationRequest(id, set, member, coefficients.Members, coefficients.Benign));
            known.Add(key, id);
        }

        return id;
    }

    private static IEnumerable<double[]> Enumerate(BoostProblem problem)
    {
        var lambdas = problem.Lambdas.Order().ToArray();
        var m = problem.Members;
        if (!problem.PerMember)
        {
            foreach (var lambda in lambdas)
            {
                yield return Enumerable.Repeat(lambda, m).ToArray();
            }

            yield break;
        }

        var digits = new int[m];
        while (true)
        {
            yield return digits.Select(d => lambdas[d]).ToArray();
            var position = m - 1;
            while (position >= 0 && ++digits[position] == lambdas.Length)
            {
                digits[position--] = 0;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }

    private static void Accumulate(double[] sum, IReadOnlyList<float[]> vectors, IReadOnlyList<double> coefficients)
    {
        for (var k = 0; k < vectors.Count; k++)
        {
            var c = coefficients[k];
            if (c == 0)
            {
                continue;
            }

            var v = vectors[k];
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += c * v[i];
            }
        }
    }

    private static double[] NaNs(int count) => Enumerable.Repeat(double.NaN, count).ToArray();
}
