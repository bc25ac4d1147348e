using System.Diagnostics;

namespace FedActors.Cli.Bench;

/// <summary>Timing helpers shared by the benchmarks.</summary>
public static class Measure
{
    /// <summary>
    /// Runs <paramref name="iteration"/> (which does a fixed amount of work and returns how many operations it did)
    /// as <paramref name="plan"/> says and returns the median rate in operations per second. The spread goes to progress.
    /// </summary>
    public static double MedianRate(BenchContext context, string label, IterationPlan plan, Func<long> iteration)
    {
        // Start each case from a clean heap, so that garbage of the previous case is not collected on this one's time.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < plan.MinWarmups || warmup.Elapsed < plan.Warmup; i++)
        {
            iteration();
        }

        var rates = new List<double>();
        long totalOperations = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsBefore = GC.CollectionCount(0);
        var pauseBefore = GC.GetTotalPauseDuration();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var measured = Stopwatch.StartNew();
        while (rates.Count < plan.MinIterations || (rates.Count < plan.MaxIterations && measured.Elapsed < plan.Budget))
        {
            var start = Stopwatch.GetTimestamp();
            var operations = iteration();
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            rates.Add(operations / seconds);
            totalOperations += operations;
        }

        var allocatedPerOperation = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / totalOperations;
        var collections = GC.CollectionCount(0) - collectionsBefore;
        var pausedShare = (GC.GetTotalPauseDuration() - pauseBefore) / measured.Elapsed;

        // Fewer cores busy than the machine has means other processes took the CPU, or the work could not use it all.
        var coresBusy = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore) / measured.Elapsed;

        var median = Median(rates);
        context.Info(
            $"{label}: {rates.Count} iteration{(rates.Count == 1 ? string.Empty : "s")} in {measured.Elapsed.TotalSeconds:0.0} s; median {BenchOutput.FormatValue(median)}, "
            + $"min {BenchOutput.FormatValue(rates.Min())}, max {BenchOutput.FormatValue(rates.Max())} per second; "
            + $"{allocatedPerOperation:0.#} B allocated per operation, {collections} GCs pausing {pausedShare:0.0%} of the time; "
            + $"{coresBusy:0.00} of {Environment.ProcessorCount} cores busy");
        return median;
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Waits for <paramref name="latch"/>; a benchmark whose actors never answer fails with a message instead of hanging.</summary>
    public static void Await(CountdownEvent latch, TimeSpan timeout, string what)
    {
        if (!latch.Wait(timeout))
        {
            throw new BenchmarkException($"{what} did not finish within {timeout.TotalSeconds:0} s ({latch.CurrentCount} of {latch.InitialCount} still missing)");
        }
    }
}
