using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>cross-validation</c> aggregator (000 §4, Algs. 2–4, Eqs. 2–3): the kept updates are averaged into
/// <see cref="SubModels"/> sub-models, each evaluated by <see cref="Evaluators"/> other clients of the round on their own
/// data, and aggregated with the penalizing coefficient of its number of reports.
/// </summary>
/// <param name="SubModels">d, the number of sub-models (an upper bound with non-IID delegation, which may use fewer).</param>
/// <param name="Evaluators">e ≥ 3, the evaluators per sub-model (per class with non-IID delegation).</param>
/// <param name="MaxLoad">m, the most sub-models one client evaluates in a round.</param>
/// <param name="V">v, the penalizing coefficient of a sub-model with one report.</param>
/// <param name="ClassDrop">The per-class accuracy drop (sub-model against the global model) above which an evaluator sets its bit.</param>
/// <param name="Normalize">Divide Σ c_i Δ̄_i by Σ c_i instead of by d.</param>
/// <param name="MinClassSamples">The samples of a class an evaluator needs to judge (and, non-IID, to hold) that class.</param>
/// <param name="EvaluationTimeout">How long the stage waits for evaluators; a report still missing then counts as no report.</param>
public sealed record CrossValidationStageSettings(
    int SubModels,
    int Evaluators,
    int MaxLoad,
    double V,
    double ClassDrop,
    bool Normalize,
    CrossValidationDelegation Delegation,
    int MinClassSamples,
    TimeSpan EvaluationTimeout,
    HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "cross-validation";

    /// <summary>
    /// With <c>dp = on</c> (000 §5), S: each update is clipped to this L2 norm before it enters a sub-model; null when
    /// dp is off.
    /// </summary>
    public double? DpClipBound { get; init; }

    /// <summary>With <c>dp = on</c>, σ: N(0, σ²S²) noise is added to each sub-model's sum before evaluators see it.</summary>
    public double DpSigma { get; init; }

    public override string Type => TypeName;

    public override bool IsAggregator => true;
}
