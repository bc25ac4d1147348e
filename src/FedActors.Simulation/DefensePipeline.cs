using FedActors.Actors;

namespace FedActors.Simulation;

/// <summary>
/// Runs the configured defense stages (ARCHITECTURE §6) on a round's updates: each stage is a child actor, asked in
/// pipeline order with <see cref="RunStage"/>; filter and weigher verdicts combine (a client stays kept while every stage
/// keeps it, and its weights multiply), transform stages hand changed updates on, and the last, aggregator stage
/// produces the new global model. One round runs at a time.
/// </summary>
public sealed class DefensePipeline : ReceiveActor
{
    private readonly IReadOnlyList<(string Name, IActorRef Stage)> _stages;
    private PipelineRun? _run;

    public DefensePipeline(DefenseSettings settings, ulong runSeed = 0, StageServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _stages = settings.Pipeline.Select((s, i) => (s.Type, Context.ActorOf(StageProps(s, runSeed, services), $"{i}-{s.Type}"))).ToList();
        Receive<RunPipeline>(HandleRunPipeline);
        Receive<StageDone>(HandleStageDone);
        Receive<StageFailed>(HandleStageFailed);
    }

    /// <summary>The pipeline of <paramref name="settings"/>; <paramref name="runSeed"/> (the run's seed) seeds the stages that draw noise.</summary>
    /// <param name="services">The trainer pool and server data that protocol-changing stages (accuracy-check) need; without them such a stage is an error.</param>
    public static Props Props(DefenseSettings settings, ulong runSeed = 0, StageServices? services = null) =>
        Actors.Props.Create(() => new DefensePipeline(settings, runSeed, services));

    /// <summary>True for the stages that need <see cref="StageServices"/> (a model, data and the trainer pool).</summary>
    public static bool NeedsServices(DefenseStageSettings settings) => settings is AccuracyCheckStageSettings or CrossValidationStageSettings or PdganStageSettings;

    /// <summary>
    /// The actor of one configured stage: a <see cref="ComputeStage"/> for the ones that are functions of the round's
    /// inputs and their state (which travels in <see cref="RunStage.State"/>); protocol-changing stages add their
    /// actors here.
    /// </summary>
    private static Props StageProps(DefenseStageSettings settings, ulong runSeed, StageServices? services) => settings switch
    {
        AccuracyCheckStageSettings check => AccuracyCheckStage.Props(check, services
            ?? throw new ArgumentException("accuracy-check needs the trainer pool and the server's validation data", nameof(services))),
        CrossValidationStageSettings crossValidation => CrossValidationStage.Props(crossValidation, services, runSeed),
        PdganStageSettings pdgan => PdganStage.Props(pdgan, services
            ?? throw new ArgumentException("pdgan needs the server's model and auxiliary data", nameof(services)), runSeed),
        _ => StageLogics.For(settings, runSeed) is { } logic
            ? ComputeStage.Props(logic)
            : throw new ArgumentException($"defense stage '{settings.Type}' has no actor", nameof(settings)),
    };

    private void HandleRunPipeline(RunPipeline request)
    {
        if (_run is not null)
        {
            Sender.Tell(new PipelineFailed(request.Round, $"the pipeline is still running round {_run.Round}"), Self);
            return;
        }

        var decisions = request.Updates.Select(u => ClientDecision.Kept(u.ClientId)).ToList();
        _run = new PipelineRun(request.Round, request.GlobalModel, Sender, decisions, request.StageStates);
        AskStage(request.Updates);
    }

    private void AskStage(IReadOnlyList<PipelineInput> updates)
    {
        var run = _run!;
        var index = run.Outcomes.Count;
        var state = run.StatesBefore.TryGetValue(index, out var s) ? s : null;
        _stages[index].Stage.Tell(new RunStage(run.Round, run.GlobalModel, updates, run.Decisions) { State = state, Distances = run.Distances }, Self);
    }

    private void HandleStageDone(StageDone done)
    {
        if (_run is not { } run || done.Round != run.Round || !Sender.Equals(_stages[run.Outcomes.Count].Stage))
        {
            Log.Warning($"defense pipeline: stray verdict of stage {done.Outcome.Stage} for round {done.Round} ignored");
            return;
        }

        var last = run.Outcomes.Count == _stages.Count - 1;
        var problem = Check(done, run, last);
        if (problem is not null)
        {
            Fail(run, problem);
            return;
        }

        if (done.NewState is { } newState)
        {
            run.StatesAfter[run.Outcomes.Count] = newState;
        }

        run.Outcomes.Add(done.Outcome);
        run.Decisions = Combine(run.Decisions, done.Outcome.Decisions);
        if (!last)
        {
            AskStage(done.Updates);
            return;
        }

        _run = null;
        run.ReplyTo.Tell(new PipelineCompleted(run.Round, run.Outcomes, done.Aggregation!.NewModel, done.Aggregation.Coefficients)
        {
            StageStates = run.StatesAfter,
        }, Self);
    }

    private void HandleStageFailed(StageFailed failed)
    {
        if (_run is not { } run || failed.Round != run.Round)
        {
            Log.Warning($"defense pipeline: stray failure of stage {failed.Stage} for round {failed.Round} ignored");
            return;
        }

        Fail(run, $"stage {failed.Stage} failed: {failed.Reason}");
    }

    private void Fail(PipelineRun run, string reason)
    {
        _run = null;
        run.ReplyTo.Tell(new PipelineFailed(run.Round, reason), Self);
    }

    /// <summary>A stage's reply that breaks the protocol is a bug in that stage; it fails the round rather than the pipeline.</summary>
    private string? Check(StageDone done, PipelineRun run, bool last)
    {
        var stage = _stages[run.Outcomes.Count].Name;
        if (last != done.Aggregation is not null)
        {
            return last ? $"the last stage {stage} did not aggregate" : $"stage {stage} aggregated, but only the last stage may";
        }

        var expected = run.Decisions.Select(d => d.ClientId);
        if (!done.Outcome.Decisions.Select(d => d.ClientId).SequenceEqual(expected) || !done.Updates.Select(u => u.ClientId).SequenceEqual(expected))
        {
            return $"stage {stage} did not decide on exactly the clients it was given, in order";
        }

        return null;
    }

    private static List<ClientDecision> Combine(IReadOnlyList<ClientDecision> before, IReadOnlyList<ClientDecision> stage) =>
        before.Zip(stage, (b, s) => b.Keep && s.Keep ? ClientDecision.Kept(b.ClientId, b.Weight * s.Weight) : ClientDecision.Dropped(b.ClientId)).ToList();

    /// <summary>The round the pipeline is running: where it replies, and the outcomes and combined decisions so far.</summary>
    private sealed class PipelineRun(int round, float[] globalModel, IActorRef replyTo, IReadOnlyList<ClientDecision> decisions, IReadOnlyDictionary<int, byte[]> statesBefore)
    {
        public IReadOnlyDictionary<int, byte[]> StatesBefore => statesBefore;

        public Dictionary<int, byte[]> StatesAfter { get; } = [];

        public int Round => round;

        public float[] GlobalModel => globalModel;

        public IActorRef ReplyTo => replyTo;

        public List<StageOutcome> Outcomes { get; } = [];

        /// <summary>The round's distance matrix, computed by the first stage that needs it.</summary>
        public RoundDistances Distances { get; } = new();

        public IReadOnlyList<ClientDecision> Decisions { get; set; } = decisions;
    }
}
