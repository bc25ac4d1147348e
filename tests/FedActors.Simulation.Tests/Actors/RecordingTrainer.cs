using System.Collections.Concurrent;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

/// <summary>
/// A fake <see cref="ITrainer"/> that records the jobs it gets: training adds 1 to every parameter, evaluation counts
/// every sample as correct. Jobs wait for <see cref="Open"/> when built closed, and throw when <see cref="FailWhen"/> says so.
/// </summary>
internal sealed class RecordingTrainer(bool open = true) : ITrainer, IDisposable
{
    private readonly ManualResetEventSlim _gate = new(open);

    public ConcurrentQueue<TrainJob> TrainJobs { get; } = new();

    public ConcurrentQueue<string?> TrainThreads { get; } = new();

    public Func<TrainJob, bool> FailWhen { get; init; } = _ => false;

    public void Open() => _gate.Set();

    public TrainResult Train(TrainJob job)
    {
        TrainThreads.Enqueue(Thread.CurrentThread.Name);
        _gate.Wait(TimeSpan.FromSeconds(10));
        TrainJobs.Enqueue(job);
        if (FailWhen(job))
        {
            throw new InvalidOperationException($"job with seed {job.Seed} failed on purpose");
        }

        return new TrainResult(job.InitialState.Select(x => x + 1f).ToArray(), job.Samples.Count, 0.5);
    }

    public EvalResult Evaluate(EvalJob job)
    {
        _gate.Wait(TimeSpan.FromSeconds(10));
        if (job.Samples.Count == 0)
        {
            throw new ArgumentException("a job needs at least one sample");
        }

        var counts = new long[job.Model.Classes * job.Model.Classes];
        counts[0] = job.Samples.Count;
        return new EvalResult(new ConfusionMatrix(job.Model.Classes, counts));
    }

    public void Dispose() => _gate.Dispose();
}
