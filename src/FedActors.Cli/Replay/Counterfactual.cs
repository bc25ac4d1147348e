using FedActors.Actors;
using FedActors.Cli.Run;
using FedActors.Data;
using FedActors.Persistence;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Replay;

/// <summary>One client's final verdict in the recorded round and under the counterfactual pipeline.</summary>
/// <param name="RecordedWeight">Its normalized aggregation coefficient (0 when it did not reach the aggregate).</param>
public sealed record ClientVerdictDiff(int ClientId, bool Malicious, bool RecordedKept, double RecordedWeight, bool CounterfactualKept, double CounterfactualWeight)
{
    /// <summary>True when the client's fate or weight differs (weights compared to 1e-12).</summary>
    public bool Changed => RecordedKept != CounterfactualKept || Math.Abs(RecordedWeight - CounterfactualWeight) > 1e-12;
}

/// <summary>A round's resulting global model, evaluated on the run's test set.</summary>
/// <param name="AttackSuccessRate">In percent, when the run's attack has a source and target class.</param>
public sealed record ModelOutcome(string ModelHash, double Accuracy, double? AttackSuccessRate);

/// <summary>What <c>fedactors replay --round N --pipeline ...</c> found.</summary>
/// <param name="RecordedReproduced">Whether re-running the recorded pipeline gave the journaled verdicts and model exactly.</param>
/// <param name="Differences">Where it did not, one line each.</param>
public sealed record CounterfactualResult(
    int Round,
    IReadOnlyList<string> RecordedPipeline,
    IReadOnlyList<string> CounterfactualPipeline,
    bool RecordedReproduced,
    IReadOnlyList<string> Differences,
    IReadOnlyList<ClientVerdictDiff> Clients,
    IReadOnlyList<StageOutcome> CounterfactualStages,
    ModelOutcome Recorded,
    ModelOutcome Counterfactual);

/// <summary>
/// Re-runs a recorded round's updates (kept with <c>persistence.store-updates = on</c>) through the recorded pipeline,
/// to check it reproduces the journal, and through another pipeline, and evaluates both resulting models.
/// </summary>
public static class Counterfactual
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromMinutes(10);

    public static async Task<CounterfactualResult> RunAsync(
        SimulationSettings settings, RunTimeline timeline, RoundRecord round, ModelStore models, DefenseSettings pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (round.OutputModelHash is null)
        {
            throw new InvalidOperationException($"round {round.Round} was not aggregated before the run stopped ({round.Phase}); resume the run first, or pick an earlier round");
        }

        var global = models.Get(round.InputModelHash);
        var inputs = new List<PipelineInput>(round.Received.Count);
        foreach (var (client, received) in round.Received)
        {
            var update = models.TryLoadUpdate(received.Sha256)
                ?? throw new InvalidOperationException(
                    $"round {round.Round}: the update of client {client} was not stored; replaying a round needs a run made with persistence.store-updates = on");
            inputs.Add(new PipelineInput(client, received.NumSamples, update));
        }

        // Stateful stages (FoolsGold) start from the state the run had built before this round; the counterfactual
        // pipeline gets a recorded state only for a stage of the same type at the same position.
        var states = round.InputStageStates.ToDictionary(s => s.Key, s => models.GetBytes(s.Value));
        var matching = states
            .Where(s => s.Key < pipeline.Pipeline.Count && s.Key < settings.Defense.Pipeline.Count
                && pipeline.Pipeline[s.Key].Type == settings.Defense.Pipeline[s.Key].Type)
            .ToDictionary(s => s.Key, s => s.Value);
        // The test set and a trainer: stages such as accuracy-check evaluate on the server's data, and both resulting
        // models are evaluated on it.
        var data = RunData.Load(settings.Data, settings.Run.Seed).ForModel(settings.Model.Name);
        var spec = SimulationRunner.ModelSpecFor(settings, data);
        using var trainer = settings.Trainer.CreateLocalTrainer();
        var test = $"{settings.Data.Name}-test";
        trainer.RegisterDataset(test, data.Test.Features, data.Test.SampleShape, data.Test.Labels, settings.Data.Classes);
        var context = new PipelineContext(trainer, spec, test, data.Test, settings.Run.Seed, settings.Trainer.EffectiveWorkers);
        var recorded = await RunPipelineAsync(settings.Defense, context, round.Round, global, inputs, states, cancellationToken).ConfigureAwait(false);
        var counterfactual = await RunPipelineAsync(pipeline, context, round.Round, global, inputs, matching, cancellationToken).ConfigureAwait(false);
        var differences = Compare(round, recorded);
        var malicious = timeline.Malicious.ToHashSet();
        var clients = round.Received.Keys
            .Select(c => new ClientVerdictDiff(
                c,
                malicious.Contains(c),
                RoundRecord.KeptByAll(round.Stages, c),
                round.Weights.GetValueOrDefault(c),
                RoundRecord.KeptByAll(counterfactual.Stages.Select(o => new StageVerdict(o.Stage, o.Decisions, o.Diagnostics)), c),
                counterfactual.Coefficients.GetValueOrDefault(c)))
            .ToList();

        var (recordedOutcome, counterfactualOutcome) = Evaluate(settings, data, trainer, spec, test, models.Get(round.OutputModelHash), counterfactual.NewModel);
        return new CounterfactualResult(
            round.Round,
            settings.Defense.Pipeline.Select(s => s.Type).ToList(),
            pipeline.Pipeline.Select(s => s.Type).ToList(),
            differences.Count == 0,
            differences,
            clients,
            counterfactual.Stages,
            recordedOutcome,
            counterfactualOutcome);
    }

    /// <summary>Where a re-run of the recorded pipeline differs from the journal.</summary>
    private static List<string> Compare(RoundRecord round, PipelineCompleted rerun)
    {
        var differences = new List<string>();
        if (rerun.Stages.Count != round.Stages.Count)
        {
            differences.Add($"the journal has {round.Stages.Count} stage verdicts, the re-run {rerun.Stages.Count}");
        }

        foreach (var (journaled, again) in round.Stages.Zip(rerun.Stages))
        {
            if (journaled.Stage != again.Stage)
            {
                differences.Add($"stage {journaled.Stage} was re-run as {again.Stage}");
                continue;
            }

            var before = journaled.Decisions.ToDictionary(d => d.ClientId);
            foreach (var decision in again.Decisions)
            {
                if (!before.TryGetValue(decision.ClientId, out var old) || old != decision)
                {
                    differences.Add($"stage {again.Stage}, client {decision.ClientId}: journaled {Describe(old)}, re-run {Describe(decision)}");
                }
            }
        }

        var hash = ModelHash.Sha256(rerun.NewModel);
        if (hash != round.OutputModelHash)
        {
            differences.Add($"the re-run's model hashes to {hash}, the journal recorded {round.OutputModelHash}");
        }

        return differences;
    }

    private static string Describe(ClientDecision? decision) =>
        decision is null ? "nothing" : decision.Keep ? $"kept (weight {decision.Weight:R})" : "dropped";

    private static async Task<PipelineCompleted> RunPipelineAsync(
        DefenseSettings settings, PipelineContext context, int round, float[] global, IReadOnlyList<PipelineInput> inputs,
        IReadOnlyDictionary<int, byte[]> states, CancellationToken cancellationToken)
    {
        using var system = ActorSystem.Create("fedactors-replay");
        try
        {
            var pool = system.ActorOf(TrainerPool.Props(context.Trainer, context.Workers, queueCapacity: context.Workers * 2), "trainer-pool");
            var services = new StageServices(pool, context.Model, context.TestDataset, context.Test.Count, context.RunSeed) { ServerData = context.Test };
            var pipeline = system.ActorOf(DefensePipeline.Props(settings, context.RunSeed, services), "defense");
            var request = new RunPipeline(round, global, inputs) { StageStates = states };
            var reply = await pipeline.Ask<object>(request, PipelineTimeout, cancellationToken).ConfigureAwait(false);
            return reply switch
            {
                PipelineCompleted completed => completed,
                PipelineFailed failed => throw new InvalidOperationException($"the pipeline [{string.Join(", ", settings.Pipeline.Select(s => s.Type))}] failed on round {round}: {failed.Reason}"),
                _ => throw new InvalidOperationException($"the pipeline answered {reply.GetType().Name}"),
            };
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    private static (ModelOutcome Recorded, ModelOutcome Counterfactual) Evaluate(
        SimulationSettings settings, RunData data, TorchTrainer trainer, ModelSpec spec, string test, float[] recorded, float[] counterfactual)
    {
        var all = new SampleSelection(Enumerable.Range(0, data.Test.Count).ToArray());
        var flip = settings.Attack.LabelFlip;
        var source = flip is null ? null : new SampleSelection(Enumerable.Range(0, data.Test.Count).Where(i => data.Test.Labels[i] == flip.Source).ToArray());

        ModelOutcome Outcome(float[] model)
        {
            var accuracy = EvaluationMetrics.Accuracy(trainer.Evaluate(new EvalJob(spec, test, model, all)).Confusion);
            double? asr = flip is null || source is null
                ? null
                : EvaluationMetrics.AttackSuccessRate(trainer.Evaluate(new EvalJob(spec, test, model, source)).Confusion, flip.Source, flip.Target);
            return new ModelOutcome(ModelHash.Sha256(model), accuracy, asr);
        }

        return (Outcome(recorded), Outcome(counterfactual));
    }

    /// <summary>What the replayed pipelines run with: the trainer holding the test set, the model, the run seed.</summary>
    private sealed record PipelineContext(TorchTrainer Trainer, ModelSpec Model, string TestDataset, ImageDataset Test, ulong RunSeed, int Workers);
}
