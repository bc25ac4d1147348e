using FedActors.Actors;
using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The colluding malicious clients: each member hands its <see cref="TrainRequest"/> here, and the coalition decides
/// what the member submits (ARCHITECTURE.md §7) and replies <see cref="UpdateSubmitted"/> to the aggregator directly.
/// Before <see cref="CoalitionSetup.StartRound"/>, or with no attack configured, members train honestly.
/// </summary>
public sealed class AttackerCoalition : ReceiveActor
{
    /// <summary>Separates the label-flip draw's stream from the training seed of the same (round, client).</summary>
    private const long LabelFlipStream = 1;

    private readonly CoalitionSetup _setup;
    private readonly IActorRef _trainerPool;
    private readonly ModelStore _models;
    private readonly LabelFlip? _labelFlip;
    private readonly Dictionary<long, PendingTraining> _pending = [];
    private long _nextJobId = 1;

    public AttackerCoalition(CoalitionSetup setup, IActorRef trainerPool, ModelStore models)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(trainerPool);
        ArgumentNullException.ThrowIfNull(models);
        _setup = setup;
        _trainerPool = trainerPool;
        _models = models;
        _labelFlip = setup.LabelFlip is { } flip ? new LabelFlip(flip.Source, flip.Target, flip.Fraction) : null;
        Receive<MemberTrainRequest>(HandleMemberTrainRequest);
        Receive<TrainJobCompleted>(HandleTrainJobCompleted);
        Receive<TrainJobFailed>(HandleTrainJobFailed);
    }

    public static Props Props(CoalitionSetup setup, IActorRef trainerPool, ModelStore models) =>
        Actors.Props.Create(() => new AttackerCoalition(setup, trainerPool, models));

    /// <summary>The seed of the label-flip draw for <paramref name="clientId"/> in <paramref name="round"/>.</summary>
    internal static ulong LabelFlipSeed(ulong runSeed, int round, int clientId) =>
        StableRandom.Derive(runSeed, round, clientId, LabelFlipStream);

    private void HandleMemberTrainRequest(MemberTrainRequest member)
    {
        var request = member.Request;
        var global = _models.Get(request.ModelRef);
        var jobId = _nextJobId++;
        _pending[jobId] = new PendingTraining(member.ClientId, member.ReplyTo, request, global);
        var seed = StableRandom.Derive(_setup.RunSeed, request.Round, member.ClientId);
        var job = new TrainJob(_setup.Model, _setup.Dataset, global, SamplesFor(member), request.Hyper, seed);
        _trainerPool.Tell(new RunTrainJob(jobId, job), Self);
    }

    private void HandleTrainJobCompleted(TrainJobCompleted completed)
    {
        if (!_pending.Remove(completed.JobId, out var pending))
        {
            Log.Warning($"coalition: result of unknown training job {completed.JobId} ignored");
            return;
        }

        pending.ReplyTo.Tell(pending.Submission(completed.Result.Samples, UpdateFor(pending, completed.Result)), Self);
    }

    private void HandleTrainJobFailed(TrainJobFailed failed)
    {
        // Nothing goes to the aggregator: its round deadline times the member out.
        if (_pending.Remove(failed.JobId, out var pending))
        {
            Log.Warning($"coalition: training of member {pending.ClientId} for round {pending.Request.Round} failed: {failed.Reason}");
        }
    }

    private bool Attacking(int round) => round >= _setup.StartRound;

    /// <summary>What the member trains on: its shard, with labels flipped while the label-flip attack is on.</summary>
    private SampleSelection SamplesFor(MemberTrainRequest member)
    {
        var round = member.Request.Round;
        return _labelFlip is not null && Attacking(round)
            ? _labelFlip.Apply(member.Indices, _setup.DatasetLabels, LabelFlipSeed(_setup.RunSeed, round, member.ClientId))
            : new SampleSelection(member.Indices);
    }

    /// <summary>What the member submits once its local training is done: for the attacks so far, the honest Δ of the (possibly poisoned) training.</summary>
    private static float[] UpdateFor(PendingTraining pending, TrainResult result) => pending.Delta(result.State);
}
