namespace FedActors.Simulation;

// The Aggregator asks its DefensePipeline to run the round's stages with RunPipeline; the pipeline answers
// PipelineCompleted or PipelineFailed. The pipeline talks to its stage actors with DefenseStageProtocol.cs.

/// <summary>One accepted update of the round as the defense pipeline sees it.</summary>
/// <param name="Update">Δ = w_local − w_global; stages never mutate it (a transform stage returns a new array).</param>
public sealed record PipelineInput(int ClientId, long NumSamples, float[] Update);

/// <summary>Asks the <see cref="DefensePipeline"/> to run its stages, in order, on the round's accepted updates.</summary>
public sealed record RunPipeline(int Round, float[] GlobalModel, IReadOnlyList<PipelineInput> Updates)
{
    /// <summary>The stages' states at the start of the round, by stage index (see <see cref="RunStage.State"/>).</summary>
    public IReadOnlyDictionary<int, byte[]> StageStates { get; init; } = new Dictionary<int, byte[]>();
}

/// <summary>One stage's verdict on the round's updates, with its diagnostics (scores, thresholds); journaled as <see cref="StageCompleted"/>.</summary>
public sealed record StageOutcome(string Stage, IReadOnlyList<ClientDecision> Decisions, IReadOnlyDictionary<string, double> Diagnostics);

/// <summary>
/// The pipeline's reply to <see cref="RunPipeline"/>: every stage's outcome in pipeline order, the aggregator stage's
/// new global model, and the normalized coefficient of every client that reached it.
/// </summary>
public sealed record PipelineCompleted(
    int Round,
    IReadOnlyList<StageOutcome> Stages,
    float[] NewModel,
    IReadOnlyDictionary<int, double> Coefficients)
{
    /// <summary>The stateful stages' states after the round, by stage index.</summary>
    public IReadOnlyDictionary<int, byte[]> StageStates { get; init; } = new Dictionary<int, byte[]>();
}

/// <summary>The pipeline's reply to <see cref="RunPipeline"/> when a stage failed or the pipeline was busy.</summary>
public sealed record PipelineFailed(int Round, string Reason);
