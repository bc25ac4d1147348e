using System.Diagnostics;
using System.Globalization;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Bench.Distances;

/// <summary>
/// <c>bench distances</c>: Krum's cost at K updates of D = 1,663,370 values (the <c>cnn-mnist</c> size), each update
/// its own array as in a run: the pairwise squared distances (chunked float32 Gram products reading the updates in
/// place, summed in float64, close pairs summed again directly) plus the scores, against the bare float32 matrix
/// product X·Xᵀ of the same values stacked into one K × D matrix. Goal: Krum at K = 1,000 within 1.3× of the bare
/// product.
/// </summary>
internal sealed class DistancesBenchmark : IBenchmark
{
    private const int CnnMnistSize = 1_663_370;

    public string Name => "distances";

    public string Description =>
        "Krum (pairwise distances + scores) on K = 100 and 1000 separate updates of 1,663,370 values against the bare float32 product X·Xᵀ; krum-seconds, matmul-seconds, krum-over-matmul.";

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        var (counts, dimension) = context.Quick ? (new[] { 10, 20 }, 10_000) : (new[] { 100, 1_000 }, CnnMnistSize);
        TimeKrum(4, 1_000);
        TimeMatmul(4, 1_000);
        foreach (var k in counts)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"k-{k}-d-{dimension}");
            context.Info($"distances {label}: {(long)k * dimension * 4 / (1 << 20)} MiB of updates, then as much again stacked for the bare product");
            var krum = TimeKrum(k, dimension);
            context.Info($"distances {label}: Krum {krum:0.###} s");
            GC.Collect();
            var matmul = TimeMatmul(k, dimension);
            context.Info($"distances {label}: bare float32 product {matmul:0.###} s");
            GC.Collect();
            yield return new BenchRow(Name, label, "krum-seconds", krum, "s");
            yield return new BenchRow(Name, label, "matmul-seconds", matmul, "s");
            yield return new BenchRow(Name, label, "krum-over-matmul", krum / matmul, "x");
        }
    }

    private static double TimeKrum(int k, int dimension)
    {
        var updates = Enumerable.Range(0, k).Select(i => Row(i, dimension)).ToList();
        var clock = Stopwatch.StartNew();
        var scores = Krum.Scores(Krum.SquaredDistances(updates), f: k / 10);
        var seconds = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(scores);
        return seconds;
    }

    private static double TimeMatmul(int k, int dimension)
    {
        var stacked = GC.AllocateUninitializedArray<float>(k * dimension);
        for (var i = 0; i < k; i++)
        {
            Row(i, dimension).CopyTo(stacked, (long)i * dimension);
        }

        var clock = Stopwatch.StartNew();
        var gram = TensorMath.Gram(stacked, k);
        var seconds = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(gram);
        return seconds;
    }

    /// <summary>Update i: values in [−0.5, 0.5) from the seed i (the same in both measurements).</summary>
    private static float[] Row(int i, int dimension)
    {
        var row = GC.AllocateUninitializedArray<float>(dimension);
        var random = new StableRandom((ulong)i + 1);
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = (float)(random.NextDouble() - 0.5);
        }

        return row;
    }
}
