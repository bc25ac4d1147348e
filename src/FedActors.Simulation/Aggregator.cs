using System.Collections.Immutable;
using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Plays the run's rounds (ARCHITECTURE §4): samples clients, asks them to train, collects their updates until none is
/// owed or the self-scheduled <see cref="RoundDeadline"/> fires (Akka's <c>DeviceGroupQuery</c>), runs the defense
/// pipeline (a child <see cref="DefensePipeline"/>, whose last stage aggregates), evaluates, and reports to its listener. Its state is
/// the pure <see cref="RoundState"/> folded from its round events, and every round event is journaled before the actor
/// acts on it, with one relaxation: clients' replies are applied when they arrive and journaled while the next are
/// taken, and what comes of them (the pipeline's result) waits until they are journaled.
/// </summary>
/// <remarks>
/// <para>
/// Rounds that are not evaluated (<c>metrics.eval-every</c>) still journal <see cref="RoundEvaluated"/>, with only the
/// round's bookkeeping metrics (no accuracy), because the next <see cref="RoundStarted"/> requires an evaluated round;
/// they are not reported to the listener (<see cref="RoundCompleted"/> is sent after evaluated rounds only, so no
/// report ever carries a NaN accuracy). The last round is always evaluated.
/// </para>
/// <para>
/// Resume (ARCHITECTURE §9): recovery folds the journaled round events into <see cref="RoundState"/> and collects the
/// reports of evaluated rounds; models come back from the <see cref="ModelStore"/> by hash (it writes them durably
/// before an event names them). On <see cref="StartRun"/> the run continues from the recovered phase: an evaluated
/// round starts the next one; a round that was collecting updates, running its defense pipeline or aggregated gets
/// its received updates back, from the blob store when <c>persistence.store-updates</c> kept
/// them, otherwise by asking those clients to train again. Every random choice derives from (seed, round, client), so
/// a retrained update must hash to the journaled SHA-256; one that does not fails the run (<see cref="RunFailed"/>)
/// rather than continue with a different round. Stages already journaled are not journaled twice. The listener first
/// gets the recovered rounds' reports, so it sees every round once, and <see cref="RunFinished"/> lists them all.
/// </para>
/// <para>
/// Ground truth (<see cref="MaliciousClientsChosen"/>) is journaled once, before the first round.
/// </para>
/// </remarks>
public sealed class Aggregator : ReceivePersistentActor
{
    /// <summary>The name of the FedAvg stage in <see cref="StageCompleted"/> and the reports' detection counts (each stage has its own).</summary>
    public const string FedAvgStage = FedAvgStageSettings.TypeName;

    private readonly AggregatorSetup _setup;
    private readonly IReadOnlyList<IActorRef> _clients;
    private readonly IActorRef _trainerPool;
    private readonly ModelStore _models;
    private readonly IActorRef _listener;
    private readonly IActorRef _pipeline;
    private readonly UpdateValidator _validator;
    private readonly TrainingHyperParameters _hyper;
    private readonly Dictionary<int, float[]> _updates = [];
    private readonly Dictionary<int, long> _requestIds = [];
    private readonly Dictionary<int, string> _recovering = [];
    private readonly List<RoundReport> _reports = [];
    private RoundState _state = RoundState.Initial;
    private ICancelable? _deadline;
    private PendingEvaluation? _evaluation;
    private bool _running;
    private bool _groundTruthJournaled;

    // Request and job ids are unique across incarnations (and aggregators), so a reply to a request of an instance that
    // failed and was restarted can never pass for a reply to the fresh instance's request with the same number.
    private static long s_lastId;

    public Aggregator(AggregatorSetup setup, IReadOnlyList<IActorRef> clients, IActorRef trainerPool, ModelStore models, IActorRef listener)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(trainerPool);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(listener);
        var settings = setup.Settings;
        if (clients.Count != settings.Run.Clients)
        {
            throw new ArgumentException($"{clients.Count} client actors for run.clients = {settings.Run.Clients}", nameof(clients));
        }

        if (setup.TestIndices.Count == 0)
        {
            throw new ArgumentException("the test set is empty", nameof(setup));
        }

        if (setup.Attack is { Samples.Indices.Count: 0 })
        {
            throw new ArgumentException("the attack's test set is empty", nameof(setup));
        }

        if (settings.Persistence.StoreUpdates && !models.IsDurable)
        {
            throw new ArgumentException("persistence.store-updates = on needs a model store with a blob store", nameof(models));
        }

        _setup = setup;
        _clients = clients;
        _trainerPool = trainerPool;
        _models = models;
        _listener = listener;
        _validator = new UpdateValidator(setup.InitialModel.Length, settings.Persistence.MaxUpdateNorm);
        _hyper = settings.Trainer.ToHyperParameters();
        var services = new StageServices(trainerPool, setup.Model, setup.TestDataset, setup.TestIndices.Count, settings.Run.Seed)
        {
            Clients = clients,
            Models = models,
            ServerData = setup.TestData,
        };
        _pipeline = Context.ActorOf(DefensePipeline.Props(settings.Defense, settings.Run.Seed, services), "defense");

        Recover<IRoundEvent>(RecoverRoundEvent);
        Recover<MaliciousClientsChosen>(_ => _groundTruthJournaled = true);
        Recover<RecoveryCompleted>(_ => OnRecoveryCompleted());
        Command<StartRun>(_ => HandleStartRun(reportRecovered: true));
        Command<ContinueAfterRestart>(_ => HandleStartRun(reportRecovered: false));
        Command<UpdateSubmitted>(HandleUpdate);
        Command<TrainingFailed>(HandleTrainingFailed);
        Command<RoundDeadline>(HandleDeadline);
        Command<EvalJobCompleted>(HandleEvalCompleted);
        Command<EvalJobFailed>(HandleEvalFailed);
        // A pipeline result waits until every reply it was run on is journaled.
        Command<PipelineCompleted>(completed => DeferAsync(completed, HandlePipelineCompleted));
        Command<StealthScored>(HandleStealthScored);
        Command<StealthFailed>(HandleStealthFailed);
        Command<PipelineFailed>(HandlePipelineFailed);
    }

    public override string PersistenceId => _setup.PersistenceId;

    private SimulationSettings Settings => _setup.Settings;

    /// <param name="clients">The client actors; <c>clients[i]</c> is client i.</param>
    /// <param name="listener">Gets <see cref="RoundCompleted"/> after each evaluated round and <see cref="RunFinished"/> at the end.</param>
    public static Props Props(AggregatorSetup setup, IReadOnlyList<IActorRef> clients, IActorRef trainerPool, ModelStore models, IActorRef listener) =>
        Actors.Props.Create(() => new Aggregator(setup, clients, trainerPool, models, listener));

    protected override void PostStop()
    {
        _deadline?.Cancel();
        base.PostStop();
    }

    /// <summary>
    /// A running aggregator that fails (a journal write that did not go through, say) is restarted by its supervisor;
    /// the fresh instance recovers from the journal and then goes on by itself, as a resumed run does.
    /// </summary>
    protected override void PreRestart(Exception reason, object? message)
    {
        if (_running)
        {
            Self.Tell(ContinueAfterRestart.Instance, Self);
        }

        base.PreRestart(reason, message);
    }

    private void RecoverRoundEvent(IRoundEvent evt)
    {
        _state = _state.Apply(evt);
        if (evt is RoundEvaluated { Report: { } report })
        {
            _reports.Add(report);
        }
    }

    private void OnRecoveryCompleted()
    {
        if (_state.Round >= 0)
        {
            Log.Info($"{PersistenceId}: recovered in round {_state.Round}, phase {_state.Phase}, with {_reports.Count} evaluated rounds");
        }
    }

    /// <param name="reportRecovered">Whether the listener gets the recovered rounds' reports first (not after a restart: it has them).</param>
    private void HandleStartRun(bool reportRecovered)
    {
        if (_running)
        {
            Log.Warning($"{PersistenceId}: StartRun ignored, the run is already in round {_state.Round}");
            return;
        }

        _running = true;
        if (reportRecovered)
        {
            foreach (var report in _reports)
            {
                _listener.Tell(new RoundCompleted(report), Self);
            }
        }

        if (_groundTruthJournaled)
        {
            Continue();
            return;
        }

        Persist(new MaliciousClientsChosen(_setup.Malicious.Order().ToList()), _ =>
        {
            _groundTruthJournaled = true;
            Continue();
        });
    }

    /// <summary>Goes on from the recovered phase (see the class remarks).</summary>
    private void Continue()
    {
        foreach (var hash in new[] { _state.InputModelHash, _state.ModelHash }.OfType<string>().Distinct())
        {
            if (!_models.Contains(hash))
            {
                Fail($"round {_state.Round}: the journal names model {hash}, but the model store does not have it: the run's blobs are incomplete, so it cannot go on");
                return;
            }
        }

        foreach (var (stage, hash) in _state.StageStates)
        {
            if (!_models.ContainsBytes(hash))
            {
                Fail($"round {_state.Round}: the journal names the state {hash} of defense stage {stage}, but the blob store does not have it: the run's blobs are incomplete, so it cannot go on");
                return;
            }
        }

        switch (_state.Phase)
        {
            case RoundPhase.Idle:
                StartRound(0);
                break;
            case RoundPhase.Evaluated:
                NextRound();
                break;
            default:
                ResumeRound();
                break;
        }
    }

    /// <summary>
    /// Gets a recovered round's received updates back (the pipeline needs them, and an aggregated round's report its
    /// stealth scores) and asks its owed clients again; then goes on with <see cref="Proceed"/>.
    /// </summary>
    private void ResumeRound()
    {
        var round = _state.Round;
        ReleaseUpdates();
        _requestIds.Clear();
        _recovering.Clear();
        // A coalition that coordinates its members (004's boosting) must see the round again: benign updates are shown
        // to it once more, and members are retrained through it rather than loaded.
        var coordinated = _setup.BenignObserver is not null;
        foreach (var (client, received) in _state.Received)
        {
            if (Settings.Persistence.StoreUpdates && !(coordinated && _setup.Malicious.Contains(client))
                && _models.TryLoadUpdate(received.Sha256) is { } stored)
            {
                _updates[client] = stored;
                Observe(round, client, received.NumSamples, stored);
            }
            else
            {
                _recovering[client] = received.Sha256;
                RequestTraining(round, client);
            }
        }

        foreach (var client in _state.Owed)
        {
            RequestTraining(round, client);
        }

        foreach (var client in _state.Rejected.Keys.Concat(_state.TimedOut))
        {
            Observe(round, client, 0, null);
        }

        Log.Info($"{PersistenceId}: resuming round {round} ({_state.Phase}): {_updates.Count} updates loaded, " +
            $"{_recovering.Count} to retrain, {_state.Owed.Count} clients still owed");
        ScheduleDeadline(round);
        if (_state.AllRepliesIn && _recovering.Count == 0)
        {
            CancelDeadline();
            Proceed();
        }
    }

    /// <summary>Every reply is in and every update in memory: aggregate, or evaluate a round that was aggregated before a restart.</summary>
    private void Proceed()
    {
        if (_state.Phase == RoundPhase.Aggregated)
        {
            Evaluate(_models.Get(_state.ModelHash!));
        }
        else
        {
            RunPipeline(_state);
        }
    }

    private static long NextId() => Interlocked.Increment(ref s_lastId);

    /// <summary>Shows a benign client's reply to the <see cref="AggregatorSetup.BenignObserver"/>, if there is one.</summary>
    private void Observe(int round, int client, long numSamples, float[]? update)
    {
        if (_setup.BenignObserver is { } observer && !_setup.Malicious.Contains(client))
        {
            observer.Tell(new BenignReplyObserved(round, client, numSamples, update), Self);
        }
    }

    private void RequestTraining(int round, int client)
    {
        var requestId = NextId();
        _requestIds[client] = requestId;
        _clients[client].Tell(new TrainRequest(round, requestId, _state.InputModelHash!, _hyper), Self);
    }

    private void ScheduleDeadline(int round)
    {
        _deadline?.Cancel();
        _deadline = Context.System.Scheduler.ScheduleTellOnce(Settings.Run.RoundTimeout, Self, new RoundDeadline(round), Self);
    }

    private void CancelDeadline()
    {
        _deadline?.Cancel();
        _deadline = null;
    }

    /// <summary>Ends the run without a result: the listener gets <see cref="RunFailed"/>.</summary>
    private void Fail(string reason)
    {
        Log.Error($"{PersistenceId}: {reason}");
        _running = false;
        CancelDeadline();
        _listener.Tell(new RunFailed(reason), Self);
    }

    private void StartRound(int round)
    {
        var globalHash = _state.ModelHash ?? _models.Put((float[])_setup.InitialModel.Clone());
        var seed = ClientSampler.RoundSeed(Settings.Run.Seed, round);
        var selected = ClientSampler.Sample(Settings.Run.Seed, round, Settings.Run.Clients, Settings.Run.ClientsPerRound);
        Persist(new RoundStarted(round, seed, selected, globalHash), e =>
        {
            _state = _state.Apply(e);
            ReleaseUpdates();
            _requestIds.Clear();
            _recovering.Clear();
            foreach (var client in e.SelectedClients)
            {
                RequestTraining(round, client);
            }

            ScheduleDeadline(round);
        });
    }

    private void HandleUpdate(UpdateSubmitted update)
    {
        if (IsRetrainReply(update.Round, update.ClientId, update.RequestId) && _recovering.TryGetValue(update.ClientId, out var journaled))
        {
            RecoverUpdate(update, journaled);
            return;
        }

        if (!IsOwed(update.Round, update.ClientId, update.RequestId))
        {
            Log.Debug($"{PersistenceId}: update of client {update.ClientId} for round {update.Round} (request {update.RequestId}) ignored: not owed in round {_state.Round} ({_state.Phase})");
            return;
        }

        var reason = _validator.Validate(update.Update, out var norm);
        if (reason is null && update.NumSamples < 0)
        {
            reason = $"negative sample count {update.NumSamples}";
        }

        if (reason is not null)
        {
            Log.Warning($"{PersistenceId}: round {update.Round}: update of client {update.ClientId} rejected: {reason}");
            if (!_updates.ContainsValue(update.Update))
            {
                VectorPool.Release(update.Update);
            }

            Observe(update.Round, update.ClientId, 0, null);
            AcceptReplies([new UpdateRejected(update.Round, update.ClientId, reason)]);
            return;
        }

        // The round's last reply: the defense pipeline starts on it at once, before this actor hashes the update (the
        // pipeline reads only the vectors and sample counts). The vector is kept at once (a write that fails restarts
        // the actor, which then has none).
        _updates[update.ClientId] = update.Update;
        var last = _recovering.Count == 0 && _state.Owed.Count == 1;
        if (last)
        {
            CancelDeadline();
            RunPipeline(_state.Apply(new UpdateReceived(update.Round, update.ClientId, update.NumSamples, norm, Sha256: string.Empty)));
        }

        var sha = Settings.Persistence.StoreUpdates ? _models.StoreUpdate(update.Update) : update.Sha256 ?? ModelHash.Sha256(update.Update);
        AcceptReplies([new UpdateReceived(update.Round, update.ClientId, update.NumSamples, norm, sha)],
            _ => Observe(update.Round, update.ClientId, update.NumSamples, update.Update),
            pipelineStarted: last);
    }

    /// <summary>
    /// The last round is over (its pipeline, evaluation and stealth scores are done): its updates' arrays go back to
    /// the pool the trainer rented them from, for the next round's results.
    /// </summary>
    private void ReleaseUpdates()
    {
        foreach (var update in _updates.Values)
        {
            VectorPool.Release(update);
        }

        _updates.Clear();
    }

    private void HandleTrainingFailed(TrainingFailed failed)
    {
        if (IsRetrainReply(failed.Round, failed.ClientId, failed.RequestId))
        {
            Fail($"round {failed.Round} cannot be resumed: retraining client {failed.ClientId}'s journaled update failed: {failed.Reason}");
            return;
        }

        if (!IsOwed(failed.Round, failed.ClientId, failed.RequestId))
        {
            Log.Debug($"{PersistenceId}: training failure of client {failed.ClientId} for round {failed.Round} ignored: not owed in round {_state.Round} ({_state.Phase})");
            return;
        }

        Log.Warning($"{PersistenceId}: round {failed.Round}: client {failed.ClientId} failed: {failed.Reason}");
        Observe(failed.Round, failed.ClientId, 0, null);
        AcceptReplies([new UpdateRejected(failed.Round, failed.ClientId, $"training failed: {failed.Reason}")]);
    }

    /// <summary>Whether a reply of <paramref name="clientId"/> answers its current request of the round being collected.</summary>
    private bool IsOwed(int round, int clientId, long requestId) =>
        _running && _state.Phase == RoundPhase.Collecting && round == _state.Round && _state.Owed.Contains(clientId)
        && _requestIds.TryGetValue(clientId, out var current) && current == requestId;

    /// <summary>Whether a reply of <paramref name="clientId"/> answers a resumed round's request to retrain a journaled update.</summary>
    private bool IsRetrainReply(int round, int clientId, long requestId) =>
        _running && round == _state.Round && _recovering.ContainsKey(clientId)
        && _requestIds.TryGetValue(clientId, out var current) && current == requestId;

    /// <summary>A retrained update of a resumed round: it must be the journaled one, bit for bit.</summary>
    private void RecoverUpdate(UpdateSubmitted update, string journaled)
    {
        var sha = ModelHash.Sha256(update.Update);
        if (!string.Equals(sha, journaled, StringComparison.Ordinal))
        {
            Fail($"round {update.Round} cannot be resumed exactly: client {update.ClientId}'s retrained update hashes to {sha}, " +
                $"but the journal recorded {journaled} (was the run started with another libtorch build, device or thread count?)");
            return;
        }

        _recovering.Remove(update.ClientId);
        _updates[update.ClientId] = update.Update;
        Observe(update.Round, update.ClientId, update.NumSamples, update.Update);
        if (_state.AllRepliesIn && _recovering.Count == 0)
        {
            CancelDeadline();
            Proceed();
        }
    }

    private void HandleDeadline(RoundDeadline deadline)
    {
        if (!_running || deadline.Round != _state.Round || _state.Phase != RoundPhase.Collecting || _state.Owed.IsEmpty)
        {
            Log.Debug($"{PersistenceId}: deadline of round {deadline.Round} ignored in round {_state.Round} ({_state.Phase})");
            return;
        }

        Log.Info($"{PersistenceId}: round {deadline.Round}: clients [{string.Join(", ", _state.Owed)}] timed out");
        foreach (var client in _state.Owed)
        {
            Observe(deadline.Round, client, 0, null);
        }

        AcceptReplies(_state.Owed.Select(c => new ClientTimedOut(deadline.Round, c)).ToList<IRoundEvent>());
    }

    /// <summary>
    /// Applies replies (updates, rejections, timeouts) to the round's state at once and journals them without waiting
    /// (<see cref="ReceivePersistentActor.PersistAllAsync{TEvent}"/>), so that the next reply is taken while they are
    /// written, and replies that come meanwhile share the next write. Once none is owed, the round moves on to the
    /// defense pipeline, whose result waits until every reply is journaled: nothing that lasts (a stage's verdict, the
    /// new model, a report) comes of a reply that is not.
    /// </summary>
    /// <param name="journaled">Runs for each reply once it is journaled.</param>
    /// <param name="pipelineStarted">Whether the defense pipeline was started on these replies already.</param>
    private void AcceptReplies(IReadOnlyList<IRoundEvent> replies, Action<IRoundEvent>? journaled = null, bool pipelineStarted = false)
    {
        foreach (var reply in replies)
        {
            _state = _state.Apply(reply);
        }

        PersistAllAsync(replies, journaled ?? (_ => { }));
        if (!pipelineStarted && _state.AllRepliesIn && _recovering.Count == 0)
        {
            CancelDeadline();
            RunPipeline(_state);
        }
    }

    /// <summary>Runs the defense pipeline on the updates <paramref name="state"/> received.</summary>
    private void RunPipeline(RoundState state)
    {
        var global = _models.Get(state.ModelHash!);
        var updates = state.Received.Select(r => new PipelineInput(r.Key, r.Value.NumSamples, _updates[r.Key])).ToList();
        var states = state.StageStates.ToDictionary(s => s.Key, s => _models.GetBytes(s.Value));
        _pipeline.Tell(new RunPipeline(state.Round, global, updates) { StageStates = states }, Self);
    }

    private void HandlePipelineCompleted(PipelineCompleted completed)
    {
        if (!_running || completed.Round != _state.Round || _state.Phase is not (RoundPhase.Collecting or RoundPhase.Defending)
            || !_state.AllRepliesIn || _recovering.Count > 0)
        {
            Log.Debug($"{PersistenceId}: pipeline result of round {completed.Round} ignored in round {_state.Round} ({_state.Phase})");
            return;
        }

        var round = completed.Round;

        // A resumed round may have journaled its first stages already: those are not journaled again.
        var recorded = _state.Stages.Select(s => s.Stage).ToList();
        var computed = completed.Stages.Select(s => s.Stage).ToList();
        if (recorded.Count > computed.Count || !computed.Take(recorded.Count).SequenceEqual(recorded, StringComparer.Ordinal))
        {
            Fail($"round {round} cannot be resumed: the journal has stages [{string.Join(", ", recorded)}], the pipeline ran [{string.Join(", ", computed)}]");
            return;
        }

        var stages = completed.Stages
            .Skip(recorded.Count)
            .Select(s => new StageCompleted(round, s.Stage, s.Decisions.ToList(), s.Diagnostics.ToImmutableSortedDictionary(StringComparer.Ordinal)))
            .ToList();
        PersistAll(stages, e => _state = _state.Apply(e));

        // The evaluation starts on the new model at once; only the journal waits for the model to be hashed and
        // written (its results are handled after RoundAggregated, which is journaled first).
        var evaluating = StartEvaluation(completed.NewModel);
        var hash = _models.Put(completed.NewModel);
        var weights = completed.Coefficients.ToImmutableSortedDictionary();
        var states = completed.StageStates.Count == 0
            ? null
            : completed.StageStates.ToImmutableSortedDictionary(s => s.Key, s => _models.PutBytes(s.Value));
        Persist(new RoundAggregated(round, hash, weights, states), e =>
        {
            _state = _state.Apply(e);
            if (!evaluating)
            {
                JournalUnevaluated();
            }
        });
    }

    private void HandlePipelineFailed(PipelineFailed failed)
    {
        if (!_running || failed.Round != _state.Round)
        {
            Log.Debug($"{PersistenceId}: pipeline failure of round {failed.Round} ignored in round {_state.Round} ({_state.Phase})");
            return;
        }

        // A failing stage fails again on the same updates, so the run ends here (the journal stops before
        // RoundAggregated; a resume retries the round).
        Fail($"the defense pipeline of round {failed.Round} failed: {failed.Reason}");
    }

    /// <summary>Evaluates the aggregated round's model, or journals the bookkeeping of a round that is not evaluated.</summary>
    private void Evaluate(float[] model)
    {
        if (!StartEvaluation(model))
        {
            JournalUnevaluated();
        }
    }

    /// <summary>A round that is not evaluated (<c>metrics.eval-every</c>) ends with its bookkeeping metrics.</summary>
    private void JournalUnevaluated() => EndRound(new RoundEvaluated(_state.Round, BookkeepingMetrics()), () => { });

    /// <summary>
    /// Journals the round's <paramref name="evaluated"/> and, in the same write, the next round's
    /// <see cref="RoundStarted"/>; after the last round, the run finishes once <paramref name="evaluated"/> is written.
    /// <paramref name="onEvaluated"/> runs when it is, before the next round's clients are asked to train.
    /// </summary>
    private void EndRound(RoundEvaluated evaluated, Action onEvaluated)
    {
        var last = _state.Round >= Settings.Run.Rounds - 1;
        Persist(evaluated, e =>
        {
            _state = _state.Apply(e);
            onEvaluated();
            if (last)
            {
                Finish();
            }
        });
        if (!last)
        {
            StartRound(_state.Round + 1);
        }
    }

    /// <summary>
    /// Starts the evaluation jobs and the stealth scores of the current round's new model; false, starting nothing,
    /// when the round is not one to evaluate.
    /// </summary>
    private bool StartEvaluation(float[] model)
    {
        var round = _state.Round;
        var evaluate = (round + 1) % Settings.Metrics.EvalEvery == 0 || round == Settings.Run.Rounds - 1;
        if (!evaluate)
        {
            return false;
        }

        // Each selection is evaluated in chunks that the trainer workers share; the matrices are summed when all are in.
        var testJobs = TellEvalJobs(_setup.TestDataset, model, new SampleSelection(_setup.TestIndices));
        var attackJobs = _setup.Attack is { } attack ? TellEvalJobs(attack.Dataset, model, attack.Samples) : [];

        // The stealth scores read every update of the round: computed beside the evaluation jobs, off this actor's thread.
        var stealthJob = NextId();
        var updates = _state.Received.Keys.ToDictionary(id => id, id => _updates[id]);
        var malicious = _setup.Malicious;
        Task.Run(() => Stealth.Scores(updates, malicious)).PipeTo(
            Self,
            success: scores => new StealthScored(stealthJob, scores),
            failure: error => new StealthFailed(stealthJob, error.Message));
        _evaluation = new PendingEvaluation(round, testJobs, attackJobs, stealthJob);
        return true;
    }

    /// <summary>Asks the trainer pool to evaluate <paramref name="model"/> on <paramref name="samples"/>, one job per chunk; returns their ids in order.</summary>
    private long[] TellEvalJobs(string dataset, float[] model, SampleSelection samples)
    {
        var chunks = samples.Chunks(Settings.Metrics.EvalChunk);
        var ids = new long[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            ids[i] = NextId();
            _trainerPool.Tell(new RunEvalJob(ids[i], new EvalJob(_setup.Model, dataset, model, chunks[i], MetricsSettings.EvalBatch)), Self);
        }

        return ids;
    }

    private void HandleEvalCompleted(EvalJobCompleted completed)
    {
        if (!_running || _evaluation is not { } pending || !pending.Owns(completed.JobId))
        {
            Log.Debug($"{PersistenceId}: result of unknown eval job {completed.JobId} ignored");
            return;
        }

        pending.Record(completed.JobId, completed.Result.Confusion);
        CompleteEvaluation(pending);
    }

    private void HandleStealthScored(StealthScored scored)
    {
        if (!_running || _evaluation is not { } pending || !pending.Owns(scored.JobId))
        {
            Log.Debug($"{PersistenceId}: stealth scores of unknown job {scored.JobId} ignored");
            return;
        }

        pending.Stealth = scored.Scores;
        CompleteEvaluation(pending);
    }

    private void HandleStealthFailed(StealthFailed failed) => FailEvaluation(failed.JobId, "the stealth scores", failed.Reason);

    /// <summary>Once the evaluation jobs and the stealth scores are all in, journals the round's metrics and moves on.</summary>
    private void CompleteEvaluation(PendingEvaluation pending)
    {
        if (!pending.Done)
        {
            return;
        }

        _evaluation = null;
        var test = pending.Test!;
        var accuracy = EvaluationMetrics.Accuracy(test);
        var perClass = EvaluationMetrics.PerClassAccuracy(test);
        double? attackSuccess = _setup.Attack is { } attack
            ? attack.SuccessRate(pending.AttackSource!)
            : null;
        var metrics = BookkeepingMetrics().SetItem("accuracy", accuracy);
        if (attackSuccess is { } asr)
        {
            metrics = metrics.SetItem("attack-success-rate", asr);
        }

        var report = Report(accuracy, perClass, attackSuccess, pending.Stealth!);
        EndRound(new RoundEvaluated(pending.Round, metrics, report), () =>
        {
            _reports.Add(report);
            _listener.Tell(new RoundCompleted(report), Self);
        });
    }

    private void HandleEvalFailed(EvalJobFailed failed) => FailEvaluation(failed.JobId, "the evaluation", failed.Reason);

    /// <summary>An evaluation job or the stealth scores of the round being evaluated failed: the run fails.</summary>
    private void FailEvaluation(long jobId, string what, string reason)
    {
        if (!_running || _evaluation is not { } pending || !pending.Owns(jobId))
        {
            Log.Debug($"{PersistenceId}: failure of unknown evaluation job {jobId} ignored");
            return;
        }

        // The journal stops at RoundAggregated; a resume evaluates the round again.
        _evaluation = null;
        Fail($"{what} of round {pending.Round} failed: {reason}");
    }

    private void NextRound()
    {
        if (_state.Round >= Settings.Run.Rounds - 1)
        {
            Finish();
        }
        else
        {
            StartRound(_state.Round + 1);
        }
    }

    private void Finish()
    {
        _running = false;
        var hash = _state.ModelHash!;
        _listener.Tell(new RunFinished(hash, _models.Get(hash), _reports.ToList()), Self);
    }

    private ImmutableSortedDictionary<string, double> BookkeepingMetrics() =>
        ImmutableSortedDictionary<string, double>.Empty
            .Add("bytes-moved", Traffic().Total)
            .Add("received", _state.Received.Count)
            .Add("rejected", _state.Rejected.Count)
            .Add("timed-out", _state.TimedOut.Count);

    /// <summary>The model went to every selected client; every update that came back (accepted or rejected) came up.</summary>
    private RoundTraffic Traffic() =>
        RoundTraffic.For(_state.SelectedClients.Length, _state.Received.Count + _state.Rejected.Count, _setup.InitialModel.Length);

    private RoundReport Report(double accuracy, IReadOnlyList<double> perClass, double? attackSuccess, IReadOnlyList<StealthScore> stealth)
    {
        var received = _state.Received.Keys.ToList();
        var detection = DetectionCounts.PerStage(_state.Stages.Select(s => (s.Stage, s.Decisions)), received, _setup.Malicious)
            .ToDictionary(d => d.Stage, d => d.Counts, StringComparer.Ordinal);
        return new RoundReport(
            _state.Round,
            accuracy,
            perClass,
            attackSuccess,
            detection,
            stealth,
            Traffic().Total,
            _state.Received.Count,
            _state.Rejected.Count,
            _state.TimedOut.Count,
            _state.ModelHash!);
    }

    /// <summary>
    /// The evaluation jobs of a round still owed by the trainer pool (the chunks of the test set, and of the attack's
    /// samples where there is an attack), and its stealth scores.
    /// </summary>
    private sealed class PendingEvaluation(int round, long[] testJobs, long[] attackJobs, long stealthJob)
    {
        private readonly Dictionary<long, ConfusionMatrix> _results = [];

        public int Round => round;

        /// <summary>The test set's matrix, once every chunk's is in.</summary>
        public ConfusionMatrix? Test => Summed(testJobs);

        /// <summary>The attack's matrix, once every chunk's is in; null without an attack.</summary>
        public ConfusionMatrix? AttackSource => Summed(attackJobs);

        public IReadOnlyList<StealthScore>? Stealth { get; set; }

        public bool Done => testJobs.All(_results.ContainsKey) && attackJobs.All(_results.ContainsKey) && Stealth is not null;

        public bool Owns(long jobId) => jobId == stealthJob || testJobs.Contains(jobId) || attackJobs.Contains(jobId);

        public void Record(long jobId, ConfusionMatrix confusion) => _results[jobId] = confusion;

        private ConfusionMatrix? Summed(long[] jobs) =>
            jobs.Length > 0 && jobs.All(_results.ContainsKey) ? ConfusionMatrix.Sum([.. jobs.Select(id => _results[id])]) : null;
    }

    private sealed record StealthScored(long JobId, IReadOnlyList<StealthScore> Scores);

    private sealed record StealthFailed(long JobId, string Reason);

    /// <summary>To itself from <see cref="PreRestart"/>: the fresh instance goes on once it has recovered.</summary>
    private sealed record ContinueAfterRestart
    {
        public static readonly ContinueAfterRestart Instance = new();
    }
}
