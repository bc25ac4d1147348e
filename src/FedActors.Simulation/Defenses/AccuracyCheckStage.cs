using System.Collections.Immutable;
using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The <c>accuracy-check</c> filter (RONI-style, 004 Eq. 3), a stage with a protocol of its own: for each kept client i
/// it evaluates w + δ_i and w + δ_{−i} (δ_{−i} the sample-weighted mean of the other kept updates) on the server's
/// validation data through the trainer pool, and drops i when Acc(w + δ_{−i}) − Acc(w + δ_i) exceeds the tolerance γ.
/// </summary>
/// <remarks>
/// <b>Reading:</b> the server's validation data is a seeded subset of the test set (<c>validation-samples</c>); the
/// reported accuracy is still measured on the whole test set. With fewer than two kept updates nobody is judged.
/// Diagnostics: <c>drop-&lt;client&gt;</c> = Acc(w + δ_{−i}) − Acc(w + δ_i) and the <c>tolerance</c>.
/// </remarks>
public sealed class AccuracyCheckStage : ReceiveActor
{
    private readonly AccuracyCheckStageSettings _settings;
    private readonly StageServices _services;
    private readonly SampleSelection _validation;
    private Pending? _pending;
    private long _nextJobId = 1;

    public AccuracyCheckStage(AccuracyCheckStageSettings settings, StageServices services)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(services);
        _settings = settings;
        _services = services;
        _validation = services.Validation(settings.ValidationSamples);
        Receive<RunStage>(HandleRunStage);
        Receive<EvalJobCompleted>(HandleEvalJobCompleted);
        Receive<EvalJobFailed>(failed =>
        {
            if (_pending is { } pending && pending.Jobs.ContainsKey(failed.JobId))
            {
                _pending = null;
                pending.ReplyTo.Tell(new StageFailed(pending.Run.Round, AccuracyCheckStageSettings.TypeName, $"an evaluation failed: {failed.Reason}"), Self);
            }
        });
    }

    public static Props Props(AccuracyCheckStageSettings settings, StageServices services) =>
        Actors.Props.Create(() => new AccuracyCheckStage(settings, services));

    /// <summary>δ_{−i} for each kept position: the sample-weighted mean of the other kept updates (null when there is no other).</summary>
    public static float[]?[] OthersMeans(IReadOnlyList<float[]> updates, IReadOnlyList<long> samples)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(samples);
        var weights = samples.Select(n => (double)Math.Max(n, 0)).ToList();
        var result = new float[]?[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            var others = Enumerable.Range(0, updates.Count).Where(j => j != i).ToList();
            if (others.Count > 0)
            {
                result[i] = CrossValidation.SubModelDelta(updates, weights, others);
            }
        }

        return result;
    }

    private void HandleRunStage(RunStage run)
    {
        var (positions, kept) = StageLogics.Kept(run);
        if (positions.Count < 2)
        {
            Sender.Tell(new StageDone(run.Round, new StageOutcome(AccuracyCheckStageSettings.TypeName, StageLogics.KeepAll(run), Diagnostics(new Dictionary<int, double>())), run.Updates, null), Self);
            return;
        }

        var samples = positions.Select(i => run.Updates[i].NumSamples).ToList();
        var others = OthersMeans(kept, samples);
        var pending = new Pending(run, Sender, positions);
        for (var k = 0; k < positions.Count; k++)
        {
            Evaluate(pending, k, with: true, TensorMath.Add(run.GlobalModel, kept[k]));
            Evaluate(pending, k, with: false, TensorMath.Add(run.GlobalModel, others[k]!));
        }

        _pending = pending;
    }

    private void Evaluate(Pending pending, int k, bool with, float[] model)
    {
        var jobId = _nextJobId++;
        pending.Jobs[jobId] = (k, with);
        _services.TrainerPool.Tell(new RunEvalJob(jobId, new EvalJob(_services.Model, _services.ServerDataset, model, _validation)), Self);
    }

    private void HandleEvalJobCompleted(EvalJobCompleted completed)
    {
        if (_pending is not { } pending || !pending.Jobs.Remove(completed.JobId, out var job))
        {
            return;
        }

        var accuracy = EvaluationMetrics.Accuracy(completed.Result.Confusion);
        if (job.With)
        {
            pending.With[job.K] = accuracy;
        }
        else
        {
            pending.Without[job.K] = accuracy;
        }

        if (pending.Jobs.Count > 0)
        {
            return;
        }

        _pending = null;
        var run = pending.Run;
        var drops = new Dictionary<int, double>();
        for (var k = 0; k < pending.Positions.Count; k++)
        {
            drops[run.Updates[pending.Positions[k]].ClientId] = pending.Without[k] - pending.With[k];
        }

        var decisions = run.Updates
            .Select(u => drops.TryGetValue(u.ClientId, out var drop) && drop > _settings.Tolerance ? ClientDecision.Dropped(u.ClientId) : ClientDecision.Kept(u.ClientId))
            .ToList();
        pending.ReplyTo.Tell(new StageDone(run.Round, new StageOutcome(AccuracyCheckStageSettings.TypeName, decisions, Diagnostics(drops)), run.Updates, null), Self);
    }

    private ImmutableSortedDictionary<string, double> Diagnostics(IReadOnlyDictionary<int, double> drops)
    {
        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        diagnostics["tolerance"] = _settings.Tolerance;
        foreach (var (client, drop) in drops)
        {
            diagnostics[$"drop-{client}"] = drop;
        }

        return diagnostics.ToImmutable();
    }

    /// <summary>The round being judged: its evaluation jobs still out, and the accuracies so far.</summary>
    private sealed class Pending(RunStage run, IActorRef replyTo, IReadOnlyList<int> positions)
    {
        public RunStage Run => run;

        public IActorRef ReplyTo => replyTo;

        public IReadOnlyList<int> Positions => positions;

        public Dictionary<long, (int K, bool With)> Jobs { get; } = [];

        public double[] With { get; } = new double[positions.Count];

        public double[] Without { get; } = new double[positions.Count];
    }
}
