using System.Collections.Concurrent;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

/// <summary>
/// A fake <see cref="IBatchTrainer"/>: jobs of seed below 1,000 share one key (the rest train alone), batches are
/// recorded by size, training adds the seed to every parameter, and a batch holding a job <see cref="FailWhen"/> picks
/// throws as a whole (as the native call does). Jobs wait for <see cref="Open"/> when built closed.
/// </summary>
internal sealed class RecordingBatchTrainer(bool open = true, int capacity = 100) : IBatchTrainer, IDisposable
{
    private static readonly TrainBatchKey SharedKey = new("fake", "fake", new TrainingHyperParameters(), 3, null);

    private readonly ManualResetEventSlim _gate = new(open);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public Func<TrainJob, bool> FailWhen { get; init; } = _ => false;

    public void Open() => _gate.Set();

    public TrainBatchKey? BatchKey(TrainJob job) => job.Seed < 1_000 ? SharedKey : null;

    public int BatchCapacity(TrainJob job) => capacity;

    public IReadOnlyList<TrainResult> TrainBatch(IReadOnlyList<TrainJob> jobs)
    {
        _gate.Wait(TimeSpan.FromSeconds(10));
        BatchSizes.Enqueue(jobs.Count);
        if (jobs.Any(FailWhen))
        {
            throw new InvalidOperationException("a job of the batch failed on purpose");
        }

        return jobs.Select(Result).ToList();
    }

    public TrainResult Train(TrainJob job) => TrainBatch([job])[0];

    public EvalResult Evaluate(EvalJob job) => throw new NotSupportedException("training only");

    public void Dispose() => _gate.Dispose();

    public static TrainResult Result(TrainJob job) => new(job.InitialState.Select(x => x + job.Seed).ToArray(), job.Samples.Count, 0.5);
}
