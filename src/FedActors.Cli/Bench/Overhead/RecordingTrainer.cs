using System.Diagnostics;
using FedActors.Torch;

namespace FedActors.Cli.Bench.Overhead;

/// <summary>
/// An <see cref="ITrainer"/> decorator that records every call in the order they start (a training call as the array of
/// jobs it trained together, one for an unbatched job; an <see cref="EvalJob"/> as itself), and when the first one
/// started (and the process's CPU time then, read by <c>cpu</c>), then runs it on the trainer it wraps. It batches as
/// the wrapped trainer does, so the pool runs exactly as it would without it. Its <see cref="Idle"/> clock times the
/// stretches in which none of the calls runs.
/// </summary>
internal sealed class RecordingTrainer(ITrainer inner, Func<TimeSpan> cpu) : IBatchTrainer
{
    private readonly List<object> _jobs = [];
    private (long Timestamp, TimeSpan Cpu) _firstStart;

    /// <summary>
    /// When the first job started: its <see cref="Stopwatch"/> timestamp (0 before any did) and the process's CPU time
    /// then.
    /// </summary>
    public (long Timestamp, TimeSpan Cpu) FirstStart
    {
        get
        {
            lock (_jobs)
            {
                return _firstStart;
            }
        }
    }

    /// <summary>A copy of the calls recorded so far, each a <see cref="TrainJob"/>[] (trained together) or an <see cref="EvalJob"/>.</summary>
    public IReadOnlyList<object> Jobs
    {
        get
        {
            lock (_jobs)
            {
                return _jobs.ToArray();
            }
        }
    }

    /// <summary>Times the stretches between the calls' runs in which none runs.</summary>
    public IdleClock Idle { get; } = new();

    public TrainResult Train(TrainJob job)
    {
        Record(new[] { job });
        return Idle.Time(() => inner.Train(job));
    }

    public TrainBatchKey? BatchKey(TrainJob job) => (inner as IBatchTrainer)?.BatchKey(job);

    public int BatchCapacity(TrainJob job) => (inner as IBatchTrainer)?.BatchCapacity(job) ?? 1;

    public IReadOnlyList<TrainResult> TrainBatch(IReadOnlyList<TrainJob> jobs)
    {
        Record(jobs.ToArray());
        return Idle.Time(() => inner is IBatchTrainer batching ? batching.TrainBatch(jobs) : jobs.Select(inner.Train).ToList());
    }

    public EvalResult Evaluate(EvalJob job)
    {
        Record(job);
        return Idle.Time(() => inner.Evaluate(job));
    }

    // The pool's worker threads call in concurrently; the lock is held for a list append only.
    private void Record(object job)
    {
        lock (_jobs)
        {
            if (_jobs.Count == 0)
            {
                _firstStart = (Stopwatch.GetTimestamp(), cpu());
            }

            _jobs.Add(job);
        }
    }
}
