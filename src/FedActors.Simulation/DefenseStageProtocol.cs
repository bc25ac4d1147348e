namespace FedActors.Simulation;

// Every defense stage actor (FedAvgStage, and the filters, weighers and transforms of issue 9) answers RunStage with
// StageDone or StageFailed; a stage may run a protocol of its own (evaluators, the trainer pool) before it answers.

/// <summary>
/// Asks a stage for its verdict on <paramref name="Updates"/> (as changed by earlier transform stages);
/// <paramref name="Decisions"/> is the pipeline's combined verdict so far, one per update in the same order.
/// </summary>
public sealed record RunStage(int Round, float[] GlobalModel, IReadOnlyList<PipelineInput> Updates, IReadOnlyList<ClientDecision> Decisions)
{
    /// <summary>
    /// The stage's state as of the start of the round (what its previous <see cref="StageDone.NewState"/> said), for a
    /// stage that keeps state across rounds (FoolsGold's histories); null for the first round or a stateless stage.
    /// </summary>
    public byte[]? State { get; init; }

    /// <summary>The round's distance matrix, shared by the stages of one pipeline run; null: each stage computes its own.</summary>
    public RoundDistances? Distances { get; init; }

    /// <summary>The squared distances between <paramref name="updates"/>, from <see cref="Distances"/> when there is one.</summary>
    internal double[,] SquaredDistances(IReadOnlyList<float[]> updates) => Distances?.Squared(updates) ?? Krum.SquaredDistances(updates);
}

/// <summary>The new global model of an aggregator stage, and the normalized coefficient of every update it was given.</summary>
public sealed record AggregationResult(float[] NewModel, IReadOnlyDictionary<int, double> Coefficients);

/// <summary>
/// A stage's reply to <see cref="RunStage"/>: its own verdict, the updates the next stage gets (the same list unless the
/// stage transforms them), and, from the aggregator stage only, the aggregation.
/// </summary>
public sealed record StageDone(int Round, StageOutcome Outcome, IReadOnlyList<PipelineInput> Updates, AggregationResult? Aggregation)
{
    /// <summary>
    /// The stage's state after the round, which the aggregator journals (as a blob named by
    /// <see cref="RoundAggregated.StageStates"/>) and hands back in the next round's <see cref="RunStage.State"/>, so
    /// resume and replay see it; null for a stateless stage.
    /// </summary>
    public byte[]? NewState { get; init; }
}

/// <summary>A stage's reply to <see cref="RunStage"/> when it could not reach a verdict.</summary>
public sealed record StageFailed(int Round, string Stage, string Reason);
