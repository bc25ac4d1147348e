namespace FedActors.Simulation;

/// <summary>
/// The inputs of one round's boosting search (004 §4.1, Eq. 4): the coalition members' raw updates δ_m with their
/// sample counts, the benign updates δ_n its knowledge level shows it (all of the round's in <c>perfect</c>,
/// <c>known-benign</c> of them in <c>limited</c>) with theirs, the discrete set Λ, the cosine weight p and the L2
/// bound C.
/// </summary>
public sealed record BoostProblem(
    IReadOnlyList<float[]> MemberDeltas,
    IReadOnlyList<long> MemberSampleCounts,
    IReadOnlyList<float[]> KnownBenignDeltas,
    IReadOnlyList<long> KnownBenignSampleCounts)
{
    /// <summary>The paper's discrete boosting space, as read in ALGORITHMS.md: {1, 2, 3, 5, 8, 10}.</summary>
    public static IReadOnlyList<double> DefaultLambdas { get; } = [1, 2, 3, 5, 8, 10];

    /// <summary>The most members for which a per-member search over Λ^M is allowed (|Λ|^M candidates).</summary>
    public const int MaxPerMemberCoalition = 3;

    /// <summary>The discrete set Λ the boosts λ_m are drawn from (positive, finite, distinct).</summary>
    public IReadOnlyList<double> Lambdas { get; init; } = DefaultLambdas;

    /// <summary>p, the weight of the cosine term p·(1 − cos(λ_m δ_m, δ̄_{−m})); 0 switches it off.</summary>
    public double CosinePenalty { get; init; }

    /// <summary>C: every member must keep ‖λ_m δ_m − δ_n‖₂ ≤ C for every known benign n; +∞ means no bound.</summary>
    public double L2Bound { get; init; } = double.PositiveInfinity;

    /// <summary>Search one λ_m per member (Λ^M, M ≤ 3) instead of one λ shared by all members.</summary>
    public bool PerMember { get; init; }

    /// <summary>The server's learning rate η in the predicted ŵ = w + η·FedAvg(...) (004 Eq. 2).</summary>
    public double ServerLearningRate { get; init; } = 1.0;

    /// <summary>How the predicted aggregation weighs the updates; the server's setting.</summary>
    public Weighting Weighting { get; init; } = Weighting.Samples;

    /// <summary>
    /// γ of the server's accuracy check (004 Eq. 3) to evade on the coalition's validation data; null: no evasion.
    /// </summary>
    public double? AccuracyCheckTolerance { get; init; }

    /// <summary>M, the number of coalition members.</summary>
    public int Members => MemberDeltas.Count;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming the bad input.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(MemberDeltas);
        ArgumentNullException.ThrowIfNull(MemberSampleCounts);
        ArgumentNullException.ThrowIfNull(KnownBenignDeltas);
        ArgumentNullException.ThrowIfNull(KnownBenignSampleCounts);
        ArgumentNullException.ThrowIfNull(Lambdas);
        if (MemberDeltas.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MemberDeltas), "the coalition needs at least one member update");
        }

        if (MemberSampleCounts.Count != MemberDeltas.Count)
        {
            throw new ArgumentException($"{MemberDeltas.Count} member updates but {MemberSampleCounts.Count} sample counts", nameof(MemberSampleCounts));
        }

        if (KnownBenignSampleCounts.Count != KnownBenignDeltas.Count)
        {
            throw new ArgumentException($"{KnownBenignDeltas.Count} benign updates but {KnownBenignSampleCounts.Count} sample counts", nameof(KnownBenignSampleCounts));
        }

        var dimension = MemberDeltas[0].Length;
        foreach (var delta in MemberDeltas.Concat(KnownBenignDeltas))
        {
            if (delta.Length != dimension)
            {
                throw new ArgumentException($"updates of dimensions {dimension} and {delta.Length}", nameof(MemberDeltas));
            }
        }

        foreach (var count in MemberSampleCounts.Concat(KnownBenignSampleCounts))
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(MemberSampleCounts));
        }

        if (Lambdas.Count == 0 || Lambdas.Any(l => !(l > 0) || double.IsInfinity(l)) || Lambdas.Distinct().Count() != Lambdas.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(Lambdas), "Λ must hold at least one positive, finite λ, each once");
        }

        if (!(CosinePenalty >= 0) || double.IsInfinity(CosinePenalty))
        {
            throw new ArgumentOutOfRangeException(nameof(CosinePenalty), CosinePenalty, "p must be finite and ≥ 0");
        }

        if (!(L2Bound >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(L2Bound), L2Bound, "C must be ≥ 0 (+∞ for no bound)");
        }

        if (!(ServerLearningRate > 0) || double.IsInfinity(ServerLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(ServerLearningRate), ServerLearningRate, "η must be positive");
        }

        if (AccuracyCheckTolerance is { } gamma && !(gamma >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(AccuracyCheckTolerance), gamma, "the accuracy check's γ must be ≥ 0");
        }

        if (PerMember && Members > MaxPerMemberCoalition)
        {
            throw new ArgumentOutOfRangeException(nameof(PerMember), $"a per-member search needs M ≤ {MaxPerMemberCoalition}, the coalition has {Members} members");
        }
    }
}
