using System.Collections.Concurrent;
using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Runs training and evaluation jobs on an <see cref="ITrainer"/> with N dedicated worker threads fed from a bounded
/// queue, and replies to each job's sender. Jobs that do not fit in the queue wait in the actor's backlog, so the pool
/// never blocks its dispatcher thread and never drops a job.
/// </summary>
public sealed class TrainerPool : ReceiveActor
{
    private readonly ITrainer _trainer;
    private readonly int _workers;
    private readonly BlockingCollection<PoolWork> _queue;
    private readonly Queue<PoolWork> _backlog = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Thread> _threads = [];
    private IActorRef _self = ActorRefs.Nobody;

    public TrainerPool(ITrainer trainer, int workers, int queueCapacity)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _trainer = trainer;
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

    private void HandleRunTrainJob(RunTrainJob message)
    {
        var trainer = _trainer;
        Submit(new PoolWork(Sender, () =>
        {
            try
            {
                return new TrainJobCompleted(message.JobId, trainer.Train(message.Job));
            }
            catch (Exception e)
            {
                return new TrainJobFailed(message.JobId, e.Message);
            }
        }));
    }

    private void HandleRunEvalJob(RunEvalJob message)
    {
        var trainer = _trainer;
        Submit(new PoolWork(Sender, () =>
        {
            try
            {
                return new EvalJobCompleted(message.JobId, trainer.Evaluate(message.Job));
            }
            catch (Exception e)
            {
                return new EvalJobFailed(message.JobId, e.Message);
            }
        }));
    }

    private void HandleQueueSlotFreed(QueueSlotFreed message) => DrainBacklog();

    private void Submit(PoolWork work)
    {
        // Behind a non-empty backlog the job waits its turn, so jobs start in the order they arrived.
        _backlog.Enqueue(work);
        DrainBacklog();
    }

    private void DrainBacklog()
    {
        // TryAdd never blocks: when the queue is full, the rest stay in the backlog until a worker frees a slot.
        while (_backlog.Count > 0 && _queue.TryAdd(_backlog.Peek()))
        {
            _backlog.Dequeue();
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
                work.ReplyTo.Tell(work.Run(), _self);
            }
        }
        catch (OperationCanceledException)
        {
            // The pool stopped.
        }
    }

    private sealed record PoolWork(IActorRef ReplyTo, Func<object> Run);
}
