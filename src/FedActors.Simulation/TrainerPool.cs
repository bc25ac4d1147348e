using System.Collections.Concurrent;
using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Runs training and evaluation jobs on an <see cref="ITrainer"/> with N dedicated worker threads fed from a bounded
/// queue, and replies to each job's sender. Jobs that do not fit in the queue wait in the actor's backlog, so the pool
/// never blocks its dispatcher thread and never drops a job.
/// </summary>
/// <remarks>
/// With an <see cref="IBatchTrainer"/>, a training job leaving the backlog takes along every waiting job of the same
/// <see cref="TrainBatchKey"/> (up to the trainer's capacity), and a worker trains them in one call. A batch that fails
/// is retried job by job, so that one bad job fails alone. Which jobs share a batch follows arrival order, but a job's
/// result does not depend on it.
/// </remarks>
public sealed class TrainerPool : ReceiveActor
{
    private readonly ITrainer _trainer;
    private readonly int _workers;
    private readonly IBatchTrainer? _batchTrainer;
    private readonly BlockingCollection<PoolWork> _queue;
    private readonly LinkedList<Waiting> _backlog = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Thread> _threads = [];
    private IActorRef _self = ActorRefs.Nobody;

    public TrainerPool(ITrainer trainer, int workers, int queueCapacity)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _trainer = trainer;
        _batchTrainer = trainer as IBatchTrainer;
        _workers = workers;
        _queue = new BlockingCollection<PoolWork>(new ConcurrentQueue<PoolWork>(), queueCapacity);
        Receive<RunTrainJob>(HandleRunTrainJob);
        Receive<RunEvalJob>(HandleRunEvalJob);
        Receive<QueueSlotFreed>(HandleQueueSlotFreed);
    }

    /// <param name="workers">Dedicated threads that run jobs (jobs never run on the actors' dispatcher).</param>
    /// <param name="queueCapacity">Jobs handed to the workers but not yet started; the rest wait in the pool's backlog.</param>
    public static Props Props(ITrainer trainer, int workers, int queueCapacity) =>
        Actors.Props.Create(() => new TrainerPool(trainer, workers, queueCapacity));

    protected override void PreStart()
    {
        // Workers reply and signal from their own threads, so they get the ref captured here, not the cell's Self.
        _self = Self;
        for (var i = 0; i < _workers; i++)
        {
            var thread = new Thread(WorkLoop) { IsBackground = true, Name = $"trainer-pool-{i}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    protected override void PostStop()
    {
        // Workers finish the job they are running (a native call cannot be interrupted) and then exit; queued jobs
        // are abandoned with the pool.
        _stopping.Cancel();
        _queue.CompleteAdding();
    }

    private void HandleRunTrainJob(RunTrainJob message) => Submit(new Waiting(Sender, message, _batchTrainer?.BatchKey(message.Job)));

    private void HandleRunEvalJob(RunEvalJob message) => Submit(new Waiting(Sender, message, null));

    private void HandleQueueSlotFreed(QueueSlotFreed message) => DrainBacklog();

    private void Submit(Waiting waiting)
    {
        // Behind a non-empty backlog the job waits its turn, so jobs start in the order they arrived.
        _backlog.AddLast(waiting);
        DrainBacklog();
    }

    private void DrainBacklog()
    {
        // TryAdd never blocks: when the queue is full, the rest stay in the backlog until a worker frees a slot (and
        // a full queue is seen before a batch is gathered from the whole backlog, only to be refused).
        while (_backlog.First is { } head && _queue.Count < _queue.BoundedCapacity)
        {
            var taken = head.Value.Key is null ? [head] : Batch(head.Value);
            if (!_queue.TryAdd(new PoolWork(taken.Select(node => node.Value).ToList())))
            {
                return;
            }

            foreach (var node in taken)
            {
                _backlog.Remove(node);
            }
        }
    }

    /// <summary>
    /// The head of the backlog and the waiting jobs of its key after it: an even share of them per worker (so that a
    /// small round still keeps every worker busy), at most the trainer's capacity.
    /// </summary>
    private List<LinkedListNode<Waiting>> Batch(Waiting head)
    {
        var nodes = new List<LinkedListNode<Waiting>>();
        for (var node = _backlog.First; node is not null; node = node.Next)
        {
            if (Equals(node.Value.Key, head.Key))
            {
                nodes.Add(node);
            }
        }

        var share = (nodes.Count + _workers - 1) / _workers;
        return nodes.Take(Math.Min(share, _batchTrainer!.BatchCapacity(((RunTrainJob)head.Message).Job))).ToList();
    }

    private object Run(Waiting waiting)
    {
        switch (waiting.Message)
        {
            case RunTrainJob train:
                try
                {
                    return new TrainJobCompleted(train.JobId, _trainer.Train(train.Job));
                }
                catch (Exception e)
                {
                    return new TrainJobFailed(train.JobId, e.Message);
                }

            case RunEvalJob eval:
                try
                {
                    return new EvalJobCompleted(eval.JobId, _trainer.Evaluate(eval.Job));
                }
                catch (Exception e)
                {
                    return new EvalJobFailed(eval.JobId, e.Message);
                }

            default:
                throw new InvalidOperationException($"the pool cannot run {waiting.Message.GetType().Name}");
        }
    }

    /// <summary>Runs one work item on a worker thread and replies to each job's sender.</summary>
    private void Execute(PoolWork work)
    {
        if (work.Jobs.Count > 1)
        {
            IReadOnlyList<TrainResult>? results = null;
            try
            {
                results = _batchTrainer!.TrainBatch(work.Jobs.Select(w => ((RunTrainJob)w.Message).Job).ToList());
            }
            catch (Exception)
            {
                // One bad job fails the whole call: run them one by one below, so that only it fails.
            }

            if (results is not null)
            {
                for (var i = 0; i < results.Count; i++)
                {
                    work.Jobs[i].ReplyTo.Tell(new TrainJobCompleted(((RunTrainJob)work.Jobs[i].Message).JobId, results[i]), _self);
                }

                return;
            }
        }

        foreach (var waiting in work.Jobs)
        {
            waiting.ReplyTo.Tell(Run(waiting), _self);
        }
    }

    private void WorkLoop()
    {
        try
        {
            foreach (var work in _queue.GetConsumingEnumerable(_stopping.Token))
            {
                // The slot this job held is free now: let the actor move a job from its backlog into it.
                _self.Tell(QueueSlotFreed.Instance, _self);
                Execute(work);
            }
        }
        catch (OperationCanceledException)
        {
            // The pool stopped.
        }
    }

    /// <summary>A job in the backlog: who asked, the request, and its batch key (null: it runs alone).</summary>
    private sealed record Waiting(IActorRef ReplyTo, object Message, TrainBatchKey? Key);

    /// <summary>What a worker takes off the queue: one job, or training jobs of one key.</summary>
    private sealed record PoolWork(List<Waiting> Jobs);
}
