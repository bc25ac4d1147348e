using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The colluding malicious clients: each member hands its <see cref="TrainRequest"/> here, and the coalition decides
/// what the member submits (ARCHITECTURE.md §7) and replies <see cref="UpdateSubmitted"/> to the aggregator directly.
/// In the rounds <see cref="CoalitionSetup.Timing"/> marks as attacking, a member trains on what the configured
/// <see cref="IDataPoisoning"/> gives it; in the others, or with no attack configured, it trains honestly on its shard.
/// </summary>
/// <remarks>
/// <para>
/// Model poisoning (<see cref="CoalitionSetup.ModelPoisoning"/>) changes the trained update of an attacking round:
/// <c>scaling</c> multiplies it by γ (000 Eq. 1); the boosting kinds (004) wait for the round's selected members and
/// the benign updates their knowledge shows them (<see cref="BenignReplyObserved"/>, from the aggregator), plan the
/// λ search (<see cref="BoostSearch"/>), evaluate the candidate models through the trainer pool, and submit every
/// member's update boosted by the chosen λ. The coalition never blocks the round: benign clients that are rejected
/// or time out are reported too, and after 80% of the round timeout it boosts with what it has.
/// </para>
/// </remarks>
public sealed class AttackerCoalition : ReceiveActor
{
    private readonly CoalitionSetup _setup;
    private readonly IActorRef _trainerPool;
    private readonly ModelStore _models;
    private readonly Dictionary<long, (PendingTraining Pending, PoisonedTraining Training, IReadOnlyList<int> Shard)> _pending = [];
    private readonly Dictionary<int, CoalitionRound> _rounds = [];
    private long _nextJobId = 1;

    public AttackerCoalition(CoalitionSetup setup, IActorRef trainerPool, ModelStore models)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(trainerPool);
        ArgumentNullException.ThrowIfNull(models);
        if (setup.ModelPoisoning.Kind != ModelPoisoningKind.None && setup.Federation is null)
        {
            throw new ArgumentException("model poisoning needs CoalitionSetup.Federation", nameof(setup));
        }

        _setup = setup;
        _trainerPool = trainerPool;
        _models = models;
        Receive<MemberTrainRequest>(HandleMemberTrainRequest);
        Receive<TrainJobCompleted>(HandleTrainJobCompleted);
        Receive<TrainJobFailed>(HandleTrainJobFailed);
        Receive<BenignReplyObserved>(HandleBenignReply);
        Receive<EvalJobCompleted>(HandleEvalJobCompleted);
        Receive<EvalJobFailed>(HandleEvalJobFailed);
        Receive<GiveUpWaiting>(HandleGiveUpWaiting);
    }

    public static Props Props(CoalitionSetup setup, IActorRef trainerPool, ModelStore models) =>
        Actors.Props.Create(() => new AttackerCoalition(setup, trainerPool, models));

    private ModelPoisoningSettings Poisoning => _setup.ModelPoisoning;

    private CoalitionFederation Federation => _setup.Federation!;

    private bool Coordinated(int round) => Poisoning.NeedsBenignUpdates && _setup.Timing.Active(round);

    private void HandleMemberTrainRequest(MemberTrainRequest member)
    {
        var request = member.Request;
        var global = _models.Get(request.ModelRef);
        var jobId = _nextJobId++;
        var training = TrainingFor(member);
        _pending[jobId] = (new PendingTraining(member.ClientId, member.ReplyTo, request, global), training, member.Indices);
        var seed = StableRandom.Derive(_setup.RunSeed, request.Round, member.ClientId);
        var job = new TrainJob(_setup.Model, training.Dataset, global, training.Samples, request.Hyper, seed);
        _trainerPool.Tell(new RunTrainJob(jobId, job), Self);
        if (Coordinated(request.Round))
        {
            RoundOf(request.Round);
        }
    }

    private void HandleTrainJobCompleted(TrainJobCompleted completed)
    {
        if (!_pending.Remove(completed.JobId, out var entry))
        {
            Log.Warning($"coalition: result of unknown training job {completed.JobId} ignored");
            return;
        }

        var (pending, training, shard) = entry;
        var round = pending.Request.Round;
        var delta = pending.Delta(completed.Result.State);
        if (!_setup.Timing.Active(round) || Poisoning.Kind == ModelPoisoningKind.None)
        {
            Submit(pending, completed.Result.Samples, delta);
            return;
        }

        if (Poisoning.Kind == ModelPoisoningKind.Scaling)
        {
            var gamma = Poisoning.Scale ?? ModelReplacement.AutoGamma(Federation.ClientsPerRound, Federation.ServerLearningRate);
            Submit(pending, completed.Result.Samples, ModelReplacement.Scale(delta, gamma));
            return;
        }

        var state = RoundOf(round);
        state.AddMember(new MemberResult(
            pending, completed.Result.Samples, delta, training.Dataset, training.Samples, Targeted(training.Samples), new SampleSelection(shard)));
        TryPlan(state);
    }

    private void HandleTrainJobFailed(TrainJobFailed failed)
    {
        // Nothing goes to the aggregator: its round deadline times the member out.
        if (_pending.Remove(failed.JobId, out var entry))
        {
            Log.Warning($"coalition: training of member {entry.Pending.ClientId} for round {entry.Pending.Request.Round} failed: {failed.Reason}");
        }
    }

    private void HandleBenignReply(BenignReplyObserved observed)
    {
        if (!Coordinated(observed.Round))
        {
            return;
        }

        var state = RoundOf(observed.Round);
        state.AddBenign(observed.ClientId, observed.NumSamples, observed.Update);
        TryPlan(state);
    }

    private void HandleGiveUpWaiting(GiveUpWaiting giveUp)
    {
        if (_rounds.TryGetValue(giveUp.Round, out var state) && !state.Planned)
        {
            Log.Warning($"coalition: round {giveUp.Round}: boosting with {state.Members.Count} of {state.ExpectedMembers.Count} members " +
                $"and {state.Benign.Count} of {state.KnownBenign.Count} benign updates after waiting {Federation.RoundTimeout * 0.8}");
            if (state.Members.Count == 0)
            {
                _rounds.Remove(giveUp.Round);
                return;
            }

            Plan(state);
        }
    }

    /// <summary>The round's state, created with its expected members and known benign clients on first use.</summary>
    private CoalitionRound RoundOf(int round)
    {
        if (_rounds.TryGetValue(round, out var state))
        {
            return state;
        }

        var selected = ClientSampler.Sample(_setup.RunSeed, round, Federation.Clients, Federation.ClientsPerRound);
        var members = selected.Where(Federation.Malicious.Contains).Order().ToList();
        var benign = selected.Where(c => !Federation.Malicious.Contains(c)).ToList();
        var known = CoalitionRound.ChooseKnown(benign, Poisoning.Knowledge, Poisoning.KnownBenign, _setup.RunSeed, round);
        state = new CoalitionRound(round, members, known);
        _rounds[round] = state;
        Context.System.Scheduler.ScheduleTellOnce(Federation.RoundTimeout * 0.8, Self, new GiveUpWaiting(round), Self);
        return state;
    }

    private void TryPlan(CoalitionRound state)
    {
        if (!state.Planned && state.Complete)
        {
            Plan(state);
        }
    }

    /// <summary>Phase 1 of the search: SNAL2 decides at once; the others send the candidate models to the trainer pool.</summary>
    private void Plan(CoalitionRound state)
    {
        var members = state.Members;
        var benign = state.Benign;
        if (Poisoning.Kind == ModelPoisoningKind.Snal2)
        {
            state.Choice = BoostSearch.Snal2(members[0].Delta, benign.Select(b => b.Update).ToList(), Poisoning.L2Bound, Poisoning.Lambdas);
            SubmitBoosted(state, state.Choice);
            return;
        }

        var problem = new BoostProblem(
            members.Select(m => m.Delta).ToList(),
            members.Select(m => m.Samples).ToList(),
            benign.Select(b => b.Update).ToList(),
            benign.Select(b => b.Samples).ToList())
        {
            Lambdas = Poisoning.Lambdas,
            CosinePenalty = Poisoning.CosinePenalty,
            L2Bound = Poisoning.L2Bound,
            PerMember = Poisoning.PerMember && members.Count <= BoostProblem.MaxPerMemberCoalition,
            ServerLearningRate = Federation.ServerLearningRate,
            Weighting = Federation.Weighting,
            AccuracyCheckTolerance = Poisoning.AccuracyTolerance,
        };
        if (Poisoning.Kind == ModelPoisoningKind.Sanodc)
        {
            problem = BoostSearch.SanodcProblem(problem);
        }

        var plan = BoostSearch.Plan(problem);
        state.Plan = plan;
        if (plan.Requests.Count == 0)
        {
            SubmitBoosted(state, plan.Choose([]));
            return;
        }

        state.Scores = new BoostScore?[plan.Requests.Count];
        var global = members[0].Pending.Global;
        var target = Concat(members.Select(m => m.Targeted).Where(t => t.Count > 0).ToList()) ?? Concat(members.Select(m => m.Training).ToList())!;
        var validation = Concat(members.Select(m => m.Honest).ToList())!;
        foreach (var request in plan.Requests)
        {
            var (dataset, samples) = request.Set switch
            {
                BoostEvaluationSet.Target => (members[0].Dataset, target),
                BoostEvaluationSet.Member => (members[request.Member].Dataset, members[request.Member].Training),
                _ => (_setup.Dataset, validation),
            };
            var delta = plan.BuildDelta(request);
            var model = TensorMath.Add(global, delta);

            var jobId = _nextJobId++;
            state.Jobs[jobId] = request.Id;
            _trainerPool.Tell(new RunEvalJob(jobId, new EvalJob(_setup.Model, dataset, model, samples)), Self);
        }
    }

    private void HandleEvalJobCompleted(EvalJobCompleted completed)
    {
        var state = _rounds.Values.FirstOrDefault(r => r.Jobs.ContainsKey(completed.JobId));
        if (state is null)
        {
            Log.Warning($"coalition: result of unknown evaluation job {completed.JobId} ignored");
            return;
        }

        state.Scores[state.Jobs[completed.JobId]] = BoostScore.Of(completed.Result);
        state.Jobs.Remove(completed.JobId);
        if (state.Jobs.Count == 0)
        {
            SubmitBoosted(state, state.Plan!.Choose(state.Scores.Select(s => s!).ToList()));
        }
    }

    private void HandleEvalJobFailed(EvalJobFailed failed)
    {
        var state = _rounds.Values.FirstOrDefault(r => r.Jobs.ContainsKey(failed.JobId));
        if (state is null)
        {
            return;
        }

        // Without the scores there is no choice: the members' updates go unboosted, and the log says why.
        Log.Error($"coalition: round {state.Round}: an evaluation of the boost search failed ({failed.Reason}); members submit unboosted updates");
        state.Jobs.Clear();
        foreach (var member in state.Members)
        {
            Submit(member.Pending, member.Samples, member.Delta);
        }

        _rounds.Remove(state.Round);
    }

    /// <summary>Phase 2: every member submits its update boosted by its chosen λ.</summary>
    private void SubmitBoosted(CoalitionRound state, BoostChoice choice)
    {
        var members = state.Members;
        Log.Info($"coalition: round {state.Round}: λ = [{string.Join(", ", choice.Lambdas)}] for members [{string.Join(", ", members.Select(m => m.ClientId))}]" +
            (choice.Feasible ? string.Empty : $" ({choice.Infeasibility}: no candidate met every constraint)"));
        for (var m = 0; m < members.Count; m++)
        {
            var member = members[m];
            Submit(member.Pending, member.Samples, ModelReplacement.Scale(member.Delta, choice.Lambdas[m]));
        }

        _rounds.Remove(state.Round);
    }

    /// <summary>Sends a member's update to the aggregator, masked like every client's.</summary>
    private void Submit(PendingTraining pending, long samples, float[] update) =>
        pending.ReplyTo.Tell(pending.MaskedSubmission(samples, update, _setup.Masking, _setup.RunSeed), Self);

    /// <summary>What the member trains on: its shard, poisoned in the attack's rounds.</summary>
    private PoisonedTraining TrainingFor(MemberTrainRequest member)
    {
        var round = member.Request.Round;
        return _setup.Poisoning is { } poisoning && _setup.Timing.Active(round)
            ? poisoning.Poison(member.ClientId, member.Indices, round)
            : new PoisonedTraining(_setup.Dataset, new SampleSelection(member.Indices));
    }

    /// <summary>The poisoned part of a training selection: triggered samples, relabeled ones, and samples beyond the training set (augmented copies).</summary>
    private SampleSelection Targeted(SampleSelection training)
    {
        var labels = Federation.TrainLabels;
        var keep = Enumerable.Range(0, training.Count).Where(i =>
            (training.Triggered?[i] ?? false)
            || training.Indices[i] >= labels.Count
            || (training.Labels is { } l && l[i] != labels[training.Indices[i]])).ToList();
        return Select(training, keep);
    }

    private static SampleSelection Select(SampleSelection source, IReadOnlyList<int> positions) =>
        new(positions.Select(i => source.Indices[i]).ToArray())
        {
            Labels = source.Labels is { } l ? positions.Select(i => l[i]).ToArray() : null,
            Triggered = source.Triggered is { } t ? positions.Select(i => t[i]).ToArray() : null,
            Trigger = source.Trigger,
        };

    /// <summary>The selections one after another (labels and trigger flags kept), or null when there are none.</summary>
    private SampleSelection? Concat(IReadOnlyList<SampleSelection> parts)
    {
        if (parts.Count == 0 || parts.All(p => p.Count == 0))
        {
            return null;
        }

        var anyLabels = parts.Any(p => p.Labels is not null);
        var anyTriggered = parts.Any(p => p.Triggered is not null);
        var indices = new List<int>();
        var labels = new List<int>();
        var triggered = new List<bool>();
        foreach (var part in parts)
        {
            indices.AddRange(part.Indices);
            if (anyLabels)
            {
                labels.AddRange(part.Labels ?? part.Indices.Select(i => Federation.TrainLabels[i]));
            }

            if (anyTriggered)
            {
                triggered.AddRange(part.Triggered ?? part.Indices.Select(_ => false).ToArray());
            }
        }

        return new SampleSelection(indices.ToArray())
        {
            Labels = anyLabels ? labels.ToArray() : null,
            Triggered = anyTriggered ? triggered.ToArray() : null,
            Trigger = parts.Select(p => p.Trigger).FirstOrDefault(t => t is not null),
        };
    }

    /// <summary>To itself: the round's waiting time is up.</summary>
    private sealed record GiveUpWaiting(int Round);
}
