using System.Globalization;
using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Cli.Bench.Batched;

/// <summary>
/// <c>bench batched</c>: local training of K <c>mlp</c> clients on real MNIST (60 samples each, batch 10, one epoch,
/// SGD), one job after another through the unbatched path against all K in batched calls, on one thread with one
/// intra-op thread. Each trained state goes back to the pool, as the aggregator hands a round's updates back. Goal:
/// batched ≥ 5× the samples per second of unbatched at K = 100.
/// </summary>
internal sealed class BatchedBenchmark : IBenchmark
{
    private const int SamplesPerClient = 60;

    public string Name => "batched";

    public string Description =>
        "Batched client training: samples-per-second of K = 10, 100, 1000 mlp clients (60 MNIST samples each, batch 10) unbatched vs batched, and the speedup per K.";

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        context.Info($"libtorch {TorchRuntime.LibtorchVersion}, {TorchRuntime.IntraOpThreads} intra-op thread(s), one job or batch at a time");
        var plan = IterationPlan.For(context);
        var counts = context.Quick ? new[] { 2, 10 } : new[] { 10, 100, 1_000 };
        var mnist = MnistLoader.Load(train: true);
        var registered = Math.Min(mnist.Count, counts.Max() * SamplesPerClient);
        using var unbatched = new TorchTrainer();
        using var batched = new TorchTrainer(batching: true);
        foreach (var trainer in new[] { unbatched, batched })
        {
            trainer.RegisterDataset("mnist", mnist.Features.AsSpan(0, registered * mnist.SampleSize), mnist.SampleShape, mnist.Labels.AsSpan(0, registered), mnist.Classes);
        }

        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var hyper = new TrainingHyperParameters { LearningRate = 0.05, BatchSize = 10, Epochs = 1 };
        var initial = model.InitialState(1);
        foreach (var k in counts)
        {
            var jobs = Enumerable.Range(0, k)
                .Select(c => new TrainJob(spec, "mnist", initial, Samples(c, registered), hyper, Seed: (ulong)c))
                .ToList();
            var label = string.Create(CultureInfo.InvariantCulture, $"k-{k}");
            var samples = (long)k * SamplesPerClient;
            var alone = Measure.MedianRate(context, $"batched {label} unbatched", plan, () =>
            {
                foreach (var job in jobs)
                {
                    VectorPool.Release(unbatched.Train(job).State);
                }

                return samples;
            });
            yield return new BenchRow(Name, $"{label}-unbatched", "samples-per-second", alone, "samples/s");

            var capacity = batched.BatchCapacity(jobs[0]);
            var together = Measure.MedianRate(context, $"batched {label} batched ({capacity} clients per call at most)", plan, () =>
            {
                foreach (var chunk in jobs.Chunk(capacity))
                {
                    foreach (var result in batched.TrainBatch(chunk))
                    {
                        VectorPool.Release(result.State);
                    }
                }

                return samples;
            });
            yield return new BenchRow(Name, $"{label}-batched", "samples-per-second", together, "samples/s");
            yield return new BenchRow(Name, label, "speedup", together / alone, "x");
        }
    }

    /// <summary>Client c's samples: 60 consecutive training images, wrapping around the registered ones.</summary>
    private static SampleSelection Samples(int client, int registered) =>
        new(Enumerable.Range(0, SamplesPerClient).Select(i => ((client * SamplesPerClient) + i) % registered).ToArray());
}
