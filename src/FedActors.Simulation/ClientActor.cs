using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// One long-lived federated client: it keeps its shard across rounds and answers each <see cref="TrainRequest"/>
/// with an <see cref="UpdateSubmitted"/> trained by the <see cref="TrainerPool"/>. A client of the attacker coalition
/// hands its requests to the <see cref="AttackerCoalition"/>, which answers the aggregator instead. As an evaluator
/// (client-side cross-validation), it answers <see cref="EvaluateRequest"/> with the model's confusion matrix on its
/// shard; malicious clients evaluate honestly for now.
/// </summary>
public sealed class ClientActor : ReceiveActor
{
    private readonly ClientSetup _setup;
    private readonly IActorRef _trainerPool;
    private readonly ModelStore _models;
    private readonly IActorRef? _coalition;
    private readonly Dictionary<long, PendingTraining> _pending = [];
    private readonly Dictionary<long, (EvaluateRequest Request, IActorRef ReplyTo)> _evaluations = [];
    private long _nextJobId = 1;

    public ClientActor(ClientSetup setup, IActorRef trainerPool, ModelStore models, IActorRef? coalition)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(trainerPool);
        ArgumentNullException.ThrowIfNull(models);
        _setup = setup;
        _trainerPool = trainerPool;
        _models = models;
        _coalition = coalition;
        Receive<TrainRequest>(HandleTrainRequest);
        Receive<TrainJobCompleted>(HandleTrainJobCompleted);
        Receive<TrainJobFailed>(HandleTrainJobFailed);
        Receive<EvaluateRequest>(HandleEvaluateRequest);
        Receive<EvalJobCompleted>(HandleEvalJobCompleted);
        Receive<EvalJobFailed>(HandleEvalJobFailed);
    }

    /// <param name="coalition">The attacker coalition when this client is malicious, otherwise null.</param>
    public static Props Props(ClientSetup setup, IActorRef trainerPool, ModelStore models, IActorRef? coalition = null) =>
        Actors.Props.Create(() => new ClientActor(setup, trainerPool, models, coalition));

    private void HandleTrainRequest(TrainRequest request)
    {
        if (_coalition is not null)
        {
            _coalition.Tell(new MemberTrainRequest(_setup.ClientId, _setup.Indices, request, Sender), Self);
            return;
        }

        var global = _models.Get(request.ModelRef);
        var jobId = _nextJobId++;
        _pending[jobId] = new PendingTraining(_setup.ClientId, Sender, request, global);
        var seed = StableRandom.Derive(_setup.RunSeed, request.Round, _setup.ClientId);
        var job = new TrainJob(_setup.Model, _setup.Dataset, global, new SampleSelection(_setup.Indices), request.Hyper, seed);
        _trainerPool.Tell(new RunTrainJob(jobId, job), Self);
    }

    private void HandleTrainJobCompleted(TrainJobCompleted completed)
    {
        if (!_pending.Remove(completed.JobId, out var pending))
        {
            Log.Warning($"client {_setup.ClientId}: result of unknown training job {completed.JobId} ignored");
            return;
        }

        pending.ReplyTo.Tell(pending.MaskedSubmission(completed.Result.Samples, pending.Delta(completed.Result.State), _setup.Masking, _setup.RunSeed), Self);
    }

    private void HandleTrainJobFailed(TrainJobFailed failed)
    {
        if (_pending.Remove(failed.JobId, out var pending))
        {
            Log.Warning($"client {_setup.ClientId}: training for round {pending.Request.Round} (request {pending.Request.RequestId}) failed: {failed.Reason}");
            pending.ReplyTo.Tell(new TrainingFailed(pending.Request.Round, pending.Request.RequestId, _setup.ClientId, failed.Reason), Self);
        }
    }

    private void HandleEvaluateRequest(EvaluateRequest request)
    {
        var model = _models.Get(request.ModelRef);
        var jobId = _nextJobId++;
        _evaluations[jobId] = (request, Sender);
        _trainerPool.Tell(new RunEvalJob(jobId, new EvalJob(_setup.Model, _setup.Dataset, model, new SampleSelection(_setup.Indices))), Self);
    }

    private void HandleEvalJobCompleted(EvalJobCompleted completed)
    {
        if (!_evaluations.Remove(completed.JobId, out var pending))
        {
            Log.Warning($"client {_setup.ClientId}: result of unknown evaluation job {completed.JobId} ignored");
            return;
        }

        pending.ReplyTo.Tell(new EvaluationReport(pending.Request.Round, pending.Request.RequestId, _setup.ClientId, completed.Result.Confusion), Self);
    }

    private void HandleEvalJobFailed(EvalJobFailed failed)
    {
        if (!_evaluations.Remove(failed.JobId, out var pending))
        {
            Log.Warning($"client {_setup.ClientId}: failure of unknown evaluation job {failed.JobId} ignored");
            return;
        }

        Log.Warning($"client {_setup.ClientId}: evaluation for round {pending.Request.Round} (request {pending.Request.RequestId}) failed: {failed.Reason}");
        pending.ReplyTo.Tell(new EvaluationFailed(pending.Request.Round, pending.Request.RequestId, _setup.ClientId, failed.Reason), Self);
    }
}
