using System.Collections.Immutable;
using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The <c>cross-validation</c> aggregator (000 §4, Algs. 2–4): it averages the kept updates into d sub-models, asks
/// e clients of the round per sub-model (never a contributor, each at most m sub-models) to evaluate the sub-model
/// w + Δ̄_i and the global model w on their own data (<see cref="EvaluateRequest"/>), counts r_i, the evaluators
/// whose per-class accuracy dropped by more than class-drop on some class, and aggregates with c(r_i) (Eqs. 2–3).
/// </summary>
/// <remarks>
/// <b>Readings:</b> the evaluators are drawn from every client that submitted an update this round (also those an
/// earlier stage dropped); sub-models are the means of the kept updates weighted by the earlier stages' weights (plain
/// means with weights 1, as in the paper); an evaluator that does not answer both requests before
/// <c>evaluation-timeout</c>, or whose evaluation failed, counts as no report. With non-IID delegation every round client
/// first evaluates the global model, and its class bits are the classes with ≥ min-class-samples samples in that
/// confusion matrix; d = min(sub-models, K, min_j num_j). The stage's decision for a client in a sub-model with c = 0 is
/// Dropped, otherwise Kept with weight c. Diagnostics: <c>sub-models</c>, per sub-model i <c>reports-i</c>,
/// <c>coefficient-i</c>, <c>evaluators-i</c>, <c>answered-i</c>, per kept client <c>sub-model-&lt;client&gt;</c>, and
/// <c>missing</c>, <c>shortfall</c>. Without client actors (replay) the stage fails rather than guess.
/// </remarks>
public sealed class CrossValidationStage : ReceiveActor
{
    /// <summary>Separates the dp noise of sub-model i from the stage's other draws of the round.</summary>
    private const long DpStream = 0x4356_4450; // "CVDP"

    private const long DelegationStream = 0x4356_414C; // "CVAL"
    private const string NoClients = "cross-validation needs the clients as evaluators; it cannot be replayed";

    private readonly CrossValidationStageSettings _settings;
    private readonly StageServices? _services;
    private readonly ulong _runSeed;
    private readonly List<string> _pinnedModels = [];
    private Pending? _pending;
    private long _nextRequestId = 1;
    private ICancelable? _deadline;

    public CrossValidationStage(CrossValidationStageSettings settings, StageServices? services, ulong runSeed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _services = services;
        _runSeed = runSeed;
        Receive<RunStage>(HandleRunStage);
        Receive<EvaluationReport>(report => Answered(report.Round, report.RequestId, report.Confusion));
        Receive<EvaluationFailed>(failed => Answered(failed.Round, failed.RequestId, null));
        Receive<EvaluationDeadline>(deadline =>
        {
            if (_pending is { } pending && pending.Run.Round == deadline.Round && pending.Phase == deadline.Phase)
            {
                pending.Requests.Clear();
                Advance(pending);
            }
        });
    }

    public static Props Props(CrossValidationStageSettings settings, StageServices? services, ulong runSeed) =>
        Actors.Props.Create(() => new CrossValidationStage(settings, services, runSeed));

    protected override void PostStop()
    {
        _deadline?.Cancel();
        Unpin();
        base.PostStop();
    }

    /// <summary>
    /// Stores a model the evaluators are asked about, pinned in memory: a round's d sub-models and the global model may
    /// outnumber what the store keeps. They stay pinned until the next round's run (an evaluator that answers late
    /// still finds its model), or the stage stops.
    /// </summary>
    private string Pin(float[] model)
    {
        var hash = _services!.Models!.PutPinned(model);
        _pinnedModels.Add(hash);
        return hash;
    }

    private void Unpin()
    {
        _services?.Models?.Unpin(_pinnedModels);
        _pinnedModels.Clear();
    }

    private string Name => CrossValidationStageSettings.TypeName;

    private void HandleRunStage(RunStage run)
    {
        if (_services is not { Clients: { } clients, Models: not null })
        {
            Sender.Tell(new StageFailed(run.Round, Name, NoClients), Self);
            return;
        }

        if (run.Updates.FirstOrDefault(u => u.ClientId < 0 || u.ClientId >= clients.Count) is { } stranger)
        {
            Sender.Tell(new StageFailed(run.Round, Name, $"client {stranger.ClientId} has no actor to evaluate with"), Self);
            return;
        }

        var (positions, _) = StageLogics.Kept(run);
        var pending = new Pending(run, Sender, positions, new StableRandom(StableRandom.Derive(_runSeed, DelegationStream, run.Round)));
        if (positions.Count == 0)
        {
            Finish(pending);
            return;
        }

        _pending = pending;
        Unpin();
        pending.GlobalRef = Pin(run.GlobalModel);
        if (_settings.Delegation == CrossValidationDelegation.NonIid)
        {
            // Alg. 4 needs every client's class bits first; they come from the global model's confusion matrix.
            pending.Phase = 1;
            foreach (var client in pending.Candidates)
            {
                Ask(pending, client, -1);
            }

            ScheduleDeadline(pending);
            return;
        }

        Delegate(pending, Math.Min(_settings.SubModels, positions.Count), null);
    }

    /// <summary>Splits the kept updates into <paramref name="d"/> sub-models, picks their evaluators and asks them.</summary>
    private void Delegate(Pending pending, int d, IReadOnlyDictionary<int, bool[]>? holds)
    {
        var run = pending.Run;
        var kept = pending.Positions.Select(p => run.Updates[p].Update).ToList();
        var weights = pending.Positions.Select(p => run.Decisions[p].Weight).ToList();
        pending.Groups = CrossValidation.Split(pending.Positions.Count, d, pending.Random);
        var contributors = pending.Groups.Select(g => (IReadOnlyCollection<int>)g.Select(k => run.Updates[pending.Positions[k]].ClientId).ToHashSet()).ToList();
        try
        {
            pending.Evaluators = holds is null
                ? CrossValidation.DelegateIid(contributors, pending.Candidates, _settings.Evaluators, _settings.MaxLoad, pending.Random)
                : CrossValidation.DelegateNonIid(contributors, pending.Candidates, holds, _settings.Evaluators, _settings.MaxLoad, pending.Random, out pending.Shortfall);
        }
        catch (ArgumentException e)
        {
            _pending = null;
            pending.ReplyTo.Tell(new StageFailed(run.Round, Name, e.Message), Self);
            return;
        }

        pending.Deltas = _settings.DpClipBound is { } bound
            ? pending.Groups.Select((g, i) => DpGaussian.Aggregate(
                g.Select(k => kept[k]).ToList(), bound, _settings.DpSigma, new StableRandom(StableRandom.Derive(_runSeed, run.Round, DpStream, i)))).ToArray()
            : pending.Groups.Select(g => CrossValidation.SubModelDelta(kept, weights, g)).ToArray();
        pending.Phase = 2;
        var asked = new HashSet<int>(pending.GlobalReports.Keys);
        for (var i = 0; i < d; i++)
        {
            var model = TensorMath.Add(run.GlobalModel, pending.Deltas[i]);
            pending.SubModelRefs.Add(Pin(model));
            foreach (var evaluator in pending.Evaluators[i])
            {
                if (holds is null && asked.Add(evaluator))
                {
                    Ask(pending, evaluator, -1);
                }

                Ask(pending, evaluator, i);
            }
        }

        if (pending.Requests.Count == 0)
        {
            Advance(pending);
            return;
        }

        ScheduleDeadline(pending);
    }

    private void Ask(Pending pending, int client, int subModel)
    {
        var requestId = _nextRequestId++;
        pending.Requests[requestId] = (client, subModel);
        var model = subModel < 0 ? pending.GlobalRef! : pending.SubModelRefs[subModel];
        _services!.Clients![client].Tell(new EvaluateRequest(pending.Run.Round, requestId, model), Self);
    }

    private void ScheduleDeadline(Pending pending)
    {
        _deadline?.Cancel();
        _deadline = Context.System.Scheduler.ScheduleTellOnce(_settings.EvaluationTimeout, Self, new EvaluationDeadline(pending.Run.Round, pending.Phase), Self);
    }

    private void Answered(int round, long requestId, ConfusionMatrix? confusion)
    {
        if (_pending is not { } pending || pending.Run.Round != round || !pending.Requests.Remove(requestId, out var request))
        {
            return;
        }

        if (confusion is not null)
        {
            if (request.SubModel < 0)
            {
                pending.GlobalReports[request.Client] = confusion;
            }
            else
            {
                pending.SubModelReports[(request.SubModel, request.Client)] = confusion;
            }
        }

        if (pending.Requests.Count == 0)
        {
            Advance(pending);
        }
    }

    /// <summary>Every request of the phase is answered or past its deadline: delegate (after non-IID's first phase) or finish.</summary>
    private void Advance(Pending pending)
    {
        _deadline?.Cancel();
        if (pending.Phase == 1)
        {
            var holds = pending.GlobalReports.ToDictionary(r => r.Key, r => CrossValidation.ClassBits(r.Value, _settings.MinClassSamples));
            var d = CrossValidation.NonIidSubModels(holds.Values, Math.Min(_settings.SubModels, pending.Positions.Count));
            Delegate(pending, d, holds);
            return;
        }

        _pending = null;
        Finish(pending);
    }

    private void Finish(Pending pending)
    {
        var run = pending.Run;
        var d = pending.Groups.Length;
        var reports = new int[d];
        var answered = new int[d];
        var missing = 0;
        for (var i = 0; i < d; i++)
        {
            var bits = new List<bool[]>();
            foreach (var evaluator in pending.Evaluators[i])
            {
                if (!pending.GlobalReports.TryGetValue(evaluator, out var global) || !pending.SubModelReports.TryGetValue((i, evaluator), out var sub))
                {
                    missing++;
                    continue;
                }

                answered[i]++;
                bits.Add(CrossValidation.ReportBits(global, sub, _settings.MinClassSamples, _settings.ClassDrop));
            }

            // IID: an evaluator that reports any class is one report. Non-IID: reports are counted per class.
            reports[i] = _settings.Delegation == CrossValidationDelegation.NonIid
                ? CrossValidation.ReportsPerClass(bits)
                : bits.Count(b => b.Any(bit => bit));
        }

        var coefficients = reports.Select(r => CrossValidation.PenalizingCoefficient(r, _settings.Evaluators, _settings.V)).ToArray();
        var model = d == 0 ? [.. run.GlobalModel] : CrossValidation.Aggregate(run.GlobalModel, pending.Deltas, coefficients, _settings.Normalize);
        var denominator = CrossValidation.Denominator(coefficients, _settings.Normalize);
        var subModelOf = new Dictionary<int, int>();
        var byClient = run.Updates.ToDictionary(u => u.ClientId, _ => 0.0);
        for (var i = 0; i < d; i++)
        {
            var total = pending.Groups[i].Sum(k => run.Decisions[pending.Positions[k]].Weight);
            foreach (var k in pending.Groups[i])
            {
                var position = pending.Positions[k];
                var client = run.Updates[position].ClientId;
                subModelOf[client] = i;
                var share = total > 0 ? run.Decisions[position].Weight / total : 1.0 / pending.Groups[i].Length;
                byClient[client] = denominator > 0 ? coefficients[i] * share / denominator : 0.0;
            }
        }

        var decisions = run.Updates
            .Select(u => subModelOf.TryGetValue(u.ClientId, out var i) && coefficients[i] == 0 ? ClientDecision.Dropped(u.ClientId)
                : ClientDecision.Kept(u.ClientId, subModelOf.TryGetValue(u.ClientId, out var j) ? coefficients[j] : 1.0))
            .ToList();
        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        diagnostics["sub-models"] = d;
        diagnostics["missing"] = missing;
        diagnostics["shortfall"] = pending.Shortfall;
        for (var i = 0; i < d; i++)
        {
            diagnostics[$"reports-{i}"] = reports[i];
            diagnostics[$"coefficient-{i}"] = coefficients[i];
            diagnostics[$"evaluators-{i}"] = pending.Evaluators[i].Length;
            diagnostics[$"answered-{i}"] = answered[i];
        }

        foreach (var (client, i) in subModelOf)
        {
            diagnostics[$"sub-model-{client}"] = i;
        }

        var outcome = new StageOutcome(Name, decisions, diagnostics.ToImmutable());
        pending.ReplyTo.Tell(new StageDone(run.Round, outcome, run.Updates, new AggregationResult(model, byClient.ToImmutableSortedDictionary())), Self);
    }

    /// <summary>The evaluation phase (1: non-IID class bits, 2: sub-models) of a round has run out of time.</summary>
    private sealed record EvaluationDeadline(int Round, int Phase);

    /// <summary>The round being cross-validated: its sub-models, their evaluators, the requests still out and the reports so far.</summary>
    private sealed class Pending(RunStage run, IActorRef replyTo, IReadOnlyList<int> positions, StableRandom random)
    {
        public int Shortfall;

        public RunStage Run => run;

        public IActorRef ReplyTo => replyTo;

        /// <summary>The kept updates' positions in the round's list.</summary>
        public IReadOnlyList<int> Positions => positions;

        public StableRandom Random => random;

        /// <summary>Every client that submitted this round, in the round's order: the pool of evaluators.</summary>
        public IReadOnlyList<int> Candidates { get; } = run.Updates.Select(u => u.ClientId).ToList();

        public int Phase { get; set; } = 2;

        public string? GlobalRef { get; set; }

        /// <summary>Each sub-model's indices into <see cref="Positions"/>.</summary>
        public int[][] Groups { get; set; } = [];

        public int[][] Evaluators { get; set; } = [];

        public float[][] Deltas { get; set; } = [];

        public List<string> SubModelRefs { get; } = [];

        /// <summary>Requests still out: the client and the sub-model (−1 for the global model).</summary>
        public Dictionary<long, (int Client, int SubModel)> Requests { get; } = [];

        public Dictionary<int, ConfusionMatrix> GlobalReports { get; } = [];

        public Dictionary<(int SubModel, int Client), ConfusionMatrix> SubModelReports { get; } = [];
    }
}
