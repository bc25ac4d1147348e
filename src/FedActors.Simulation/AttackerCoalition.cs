using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The colluding malicious clients: each member hands its <see cref="TrainRequest"/> here, and the coalition decides
/// what the member submits (ARCHITECTURE.md §7) and replies <see cref="UpdateSubmitted"/> to the aggregator directly.
/// In the rounds <see cref="CoalitionSetup.Timing"/> marks as attacking, a member trains on what the configured
/// <see cref="IDataPoisoning"/> gives it; in the others, or with no attack configured, it trains honestly on its shard.
/// </summary>
public sealed class AttackerCoalition : ReceiveActor
{
    private readonly CoalitionSetup _setup;
    private readonly IActorRef _trainerPool;
    private readonly ModelStore _models;
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
        Receive<MemberTrainRequest>(HandleMemberTrainRequest);
        Receive<TrainJobCompleted>(HandleTrainJobCompleted);
        Receive<TrainJobFailed>(HandleTrainJobFailed);
    }

    public static Props Props(CoalitionSetup setup, IActorRef trainerPool, ModelStore models) =>
        Actors.Props.Create(() => new AttackerCoalition(setup, trainerPool, models));

    private void HandleMemberTrainRequest(MemberTrainRequest member)
    {
        var request = member.Request;
        var global = _models.Get(request.ModelRef);
        var jobId = _nextJobId++;
        _pending[jobId] = new PendingTraining(member.ClientId, member.ReplyTo, request, global);
        var seed = StableRandom.Derive(_setup.RunSeed, request.Round, member.ClientId);
        var training = TrainingFor(member);
        var job = new TrainJob(_setup.Model, training.Dataset, global, training.Samples, request.Hyper, seed);
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

    /// <summary>What the member trains on: its shard, poisoned in the attack's rounds.</summary>
    private PoisonedTraining TrainingFor(MemberTrainRequest member)
    {
        var round = member.Request.Round;
        return _setup.Poisoning is { } poisoning && _setup.Timing.Active(round)
            ? poisoning.Poison(member.ClientId, member.Indices, round)
            : new PoisonedTraining(_setup.Dataset, new SampleSelection(member.Indices));
    }

    /// <summary>What the member submits once its local training is done: the Δ of the (possibly poisoned) training, masked like every client's.</summary>
    private float[] UpdateFor(PendingTraining pending, TrainResult result) =>
        LaplaceMasking.Mask(pending.Delta(result.State), _setup.Masking.LaplaceB, LaplaceMasking.Seed(_setup.RunSeed, pending.Request.Round, pending.ClientId));
}
