using System.Diagnostics;
using System.Globalization;
using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Cli.Bench.Trainer;

/// <summary>
/// <c>bench trainer</c>: local SGD throughput on real MNIST (samples-per-second for <c>mlp</c> and <c>cnn-mnist</c> at
/// batch 10 and 64, one intra-op thread per job), and pairwise squared distances of K updates of D = 1,663,370
/// (the cnn-mnist size) through libtorch's Gram product against the straightforward pair-by-pair loop.
/// </summary>
internal sealed class TrainerBenchmark : IBenchmark
{
    private const int CnnMnistSize = 1_663_370;

    public string Name => "trainer";

    public string Description =>
        "libtorch trainer: samples-per-second of mlp and cnn-mnist at batch 10 and 64; pairwise distances of K = 100, 500, 1000 updates of 1,663,370 values, libtorch vs a plain loop.";

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        context.Info($"libtorch {TorchRuntime.LibtorchVersion}, {TorchRuntime.IntraOpThreads} intra-op thread(s) per job, {Environment.ProcessorCount} cores");
        var plan = IterationPlan.For(context);
        var mnist = MnistLoader.Load(train: true);
        using var trainer = new TorchTrainer();
        var registered = context.Quick ? 256 : 6_000;
        trainer.RegisterDataset("mnist", mnist.Features.AsSpan(0, registered * mnist.SampleSize), mnist.SampleShape, mnist.Labels.AsSpan(0, registered), mnist.Classes);

        foreach (var (model, samples) in new[] { ("mlp", context.Quick ? 200 : 6_000), ("cnn-mnist", context.Quick ? 64 : 1_000) })
        {
            var spec = ModelZoo.Create(model);
            using var instance = TorchModel.Create(spec);
            var state = instance.InitialState(1);
            foreach (var batch in new[] { 10, 64 })
            {
                var job = new TrainJob(spec, "mnist", state, new SampleSelection(Enumerable.Range(0, samples).ToArray()),
                    new TrainingHyperParameters { LearningRate = 0.01, BatchSize = batch }, Seed: 1);
                var rate = Measure.MedianRate(context, $"trainer {model} batch {batch}", plan, () => trainer.Train(job).Samples);
                yield return new BenchRow(Name, $"{model}-batch-{batch}", "samples-per-second", rate, "samples/s");
            }
        }

        foreach (var row in Distances(context))
        {
            yield return row;
        }
    }

    private IEnumerable<BenchRow> Distances(BenchContext context)
    {
        var (counts, dimension) = context.Quick ? (new[] { 10, 20 }, 10_000) : (new[] { 100, 500, 1_000 }, CnnMnistSize);
        var max = counts.Max();
        context.Info($"trainer distances: drawing {max} x {dimension} random values ({(long)max * dimension * 4 / (1 << 20)} MiB)");
        var rows = new float[(long)max * dimension];
        var random = new StableRandom(7);
        for (long i = 0; i < rows.LongLength; i++)
        {
            rows[i] = (float)(random.NextDouble() - 0.5);
        }

        foreach (var k in counts)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"k-{k}-d-{dimension}");
            var clock = Stopwatch.StartNew();
            TensorMath.PairwiseSquaredDistances(rows.AsSpan(0, k * dimension), k);
            var fast = clock.Elapsed.TotalSeconds;
            context.Info($"trainer distances {label}: libtorch {fast:0.###} s");
            yield return new BenchRow(Name, label, "libtorch-seconds", fast, "s");

            // The plain loop over all pairs is run in full up to 100 updates; beyond, a sample of pairs is timed
            // and scaled to the k(k-1)/2 pairs (reported as an estimate).
            var pairs = (long)k * (k - 1) / 2;
            var sampled = k <= 100 ? pairs : 200;
            var sampler = new StableRandom(11);
            clock.Restart();
            double sink = 0;
            for (long p = 0; p < sampled; p++)
            {
                int a, b;
                if (k <= 100)
                {
                    (a, b) = PairAt(p, k);
                }
                else
                {
                    a = (int)sampler.NextInt64(k);
                    b = (int)sampler.NextInt64(k);
                }

                sink += TensorMath.SquaredDistance(rows.AsSpan(a * dimension, dimension), rows.AsSpan(b * dimension, dimension));
            }

            var naive = clock.Elapsed.TotalSeconds * pairs / sampled;
            GC.KeepAlive(sink);
            context.Info($"trainer distances {label}: plain loop {naive:0.###} s{(sampled < pairs ? $" (estimated from {sampled} pairs)" : string.Empty)}");
            yield return new BenchRow(Name, label, sampled < pairs ? "loop-seconds-estimated" : "loop-seconds", naive, "s");
            yield return new BenchRow(Name, label, "speedup", naive / fast, "x");
        }
    }

    /// <summary>The p-th pair (a &lt; b) in row-major order of the upper triangle.</summary>
    private static (int A, int B) PairAt(long p, int k)
    {
        var a = 0;
        while (p >= k - 1 - a)
        {
            p -= k - 1 - a;
            a++;
        }

        return (a, a + 1 + (int)p);
    }
}
