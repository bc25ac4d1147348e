using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FedActors.Torch;

namespace FedActors.Cli.Bench.Round;

/// <summary>
/// <c>bench round</c>: seconds per round and peak memory of whole runs at scale, with quickstart's settings
/// (<see cref="QuickstartRecipe"/>): case <c>clients-1000</c> is 1,000 clients, 100 per round (hocon/thousand-clients.conf),
/// case <c>clients-10000</c> 10,000 clients, 1,000 per round (hocon/ten-thousand-clients.conf); 3 rounds each (with
/// <c>--quick</c>: 100 clients, 10 per round and 200 clients, 20 per round, 2 rounds each).
/// <para>
/// Each case is a <c>fedactors run</c> in a child process of this same build, writing into a temporary directory that
/// is deleted afterwards, so that <c>peak-memory-bytes</c> is that run's own peak resident set: the largest VmHWM of
/// /proc/PID/status, polled every 50 ms until the child exits, or the largest resident set the child reported in its
/// round lines where that is larger (growth in its last 50 ms after its last round could be missed).
/// <c>seconds-per-round</c> is timed here from the child's per-round progress lines on stderr as they arrive:
/// (arrival of the last round's line − arrival of the first round's line) / (rounds − 1). Startup (loading data,
/// starting the actors) and the first round (JIT, first allocations) are left out; every counted round trains,
/// aggregates and evaluates on the 10,000 test images.
/// </para>
/// <para>
/// Case <c>clients-1000-rounds-100</c> runs the 1,000-client configuration for 100 rounds (with <c>--quick</c>: the
/// 100-client one for 20) and records the resident set (VmRSS) the child reports in each round's progress line, read
/// by the child itself as the round's report comes in, so that no reading depends on when this process gets to it:
/// a tenth of the rounds (at least 5) make a window, <c>resident-bytes-early</c> is the median of those per-round values in the
/// second window (the first is warm-up), <c>resident-bytes-late</c> in the last one, and <c>memory-growth-percent</c>
/// the growth from one to the other: near 0 when a run's memory stays flat (the median leaves out a round whose
/// garbage collection happened to come late).
/// </para>
/// <para>
/// Case <c>cnn-mnist-clients-1000</c> trains the <c>cnn-mnist</c> model (D = 1,663,370) at 1,000 clients, all 1,000 in
/// every round, for 2 rounds (with <c>--quick</c>: 10 per round): <c>updates-bytes</c> is one copy of a round's K
/// updates (K · D · 4 bytes) and <c>peak-over-updates</c> the run's peak resident set over it, which stays near 1 when
/// every update is held once and the second round reuses the first round's arrays.
/// </para>
/// </summary>
internal sealed partial class RoundBenchmark : IBenchmark
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FullLimit = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan QuickLimit = TimeSpan.FromMinutes(3);
    private const int TailLines = 20;

    public string Name => "round";

    public string Description =>
        "Whole quickstart runs at 1,000 clients (100 per round) and 10,000 clients (1,000 per round), each a child fedactors run: seconds-per-round and the run's peak-memory-bytes; then 1,000 clients for 100 rounds: memory-growth-percent of the resident set from rounds 11-20 to the last 10; then 1,000 cnn-mnist updates per round: peak-over-updates, the peak against one copy of them.";

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new BenchmarkException("bench round reads a child's peak memory from /proc/PID/status, which only Linux has");
        }

        var (cases, rounds) = context.Quick
            ? (new[] { (Clients: 100, PerRound: 10), (Clients: 200, PerRound: 20) }, 2)
            : (new[] { (Clients: 1_000, PerRound: 100), (Clients: 10_000, PerRound: 1_000) }, 3);
        var scratch = Directory.CreateTempSubdirectory("fedactors-bench-round-");
        try
        {
            foreach (var (clients, perRound) in cases)
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"clients-{clients}");
                var conf = Path.Combine(scratch.FullName, $"{label}.conf");
                File.WriteAllText(conf, QuickstartRecipe.Hocon($"bench-round-{label}", clients, perRound, rounds));
                context.Info($"round {label}: {clients} clients, {perRound} per round, {rounds} rounds in a child fedactors run");
                var run = RunChild(context, label, conf, Path.Combine(scratch.FullName, label), rounds);
                context.Info($"round {label}: {run.ResidentByRound.Count} round lines; whole run {run.Wall.TotalSeconds:0.0} s");
                yield return new BenchRow(Name, label, "seconds-per-round", run.SecondsPerRound, "s");
                yield return new BenchRow(Name, label, "peak-memory-bytes", run.PeakBytes, "B");
            }

            var (longClients, longPerRound, longRounds) = context.Quick ? (100, 10, 20) : (1_000, 100, 100);
            var longLabel = string.Create(CultureInfo.InvariantCulture, $"clients-{longClients}-rounds-{longRounds}");
            var longConf = Path.Combine(scratch.FullName, $"{longLabel}.conf");
            File.WriteAllText(longConf, QuickstartRecipe.Hocon($"bench-round-{longLabel}", longClients, longPerRound, longRounds));
            context.Info($"round {longLabel}: {longClients} clients, {longPerRound} per round, {longRounds} rounds in a child fedactors run, its peak memory read at every round");
            var longRun = RunChild(context, longLabel, longConf, Path.Combine(scratch.FullName, longLabel), longRounds);
            var window = Math.Max(5, longRounds / 10);
            var early = Measure.Median(longRun.ResidentByRound.Skip(window).Take(window).Select(b => (double)b).ToList());
            var late = Measure.Median(longRun.ResidentByRound.TakeLast(window).Select(b => (double)b).ToList());
            context.Info($"round {longLabel}: resident {early / (1 << 20):0} MiB (median of the rounds' lines) in rounds {window + 1}-{2 * window}, {late / (1 << 20):0} MiB in the last {window}; whole run {longRun.Wall.TotalSeconds:0.0} s");
            yield return new BenchRow(Name, longLabel, "seconds-per-round", longRun.SecondsPerRound, "s");
            yield return new BenchRow(Name, longLabel, "peak-memory-bytes", longRun.PeakBytes, "B");
            yield return new BenchRow(Name, longLabel, "resident-bytes-early", early, "B");
            yield return new BenchRow(Name, longLabel, "resident-bytes-late", late, "B");
            yield return new BenchRow(Name, longLabel, "memory-growth-percent", 100.0 * (late - early) / early, "%");

            foreach (var row in CnnMnistRound(context, scratch.FullName))
            {
                yield return row;
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Case <c>cnn-mnist-clients-1000</c>: a round of 1,000 <c>cnn-mnist</c> updates against one copy of them.</summary>
    private IEnumerable<BenchRow> CnnMnistRound(BenchContext context, string scratch)
    {
        const string Model = "cnn-mnist";
        const int Clients = 1_000;
        const int Rounds = 2;
        var perRound = context.Quick ? 10 : Clients;
        long dimension;
        using (var model = TorchModel.Create(ModelZoo.Create(Model)))
        {
            dimension = model.StateLength;
        }

        var updates = (double)perRound * dimension * sizeof(float);
        var label = string.Create(CultureInfo.InvariantCulture, $"{Model}-clients-{Clients}");
        var conf = Path.Combine(scratch, $"{label}.conf");
        File.WriteAllText(conf, QuickstartRecipe.Hocon($"bench-round-{label}", Clients, perRound, Rounds, model: Model));
        context.Info($"round {label}: {perRound} of {Clients} {Model} clients per round ({updates / (1 << 20):0} MiB of updates), {Rounds} rounds in a child fedactors run");
        var run = RunChild(context, label, conf, Path.Combine(scratch, label), Rounds);
        context.Info($"round {label}: peak {run.PeakBytes / (double)(1 << 20):0} MiB; whole run {run.Wall.TotalSeconds:0.0} s");
        yield return new BenchRow(Name, label, "seconds-per-round", run.SecondsPerRound, "s");
        yield return new BenchRow(Name, label, "peak-memory-bytes", run.PeakBytes, "B");
        yield return new BenchRow(Name, label, "updates-bytes", updates, "B");
        yield return new BenchRow(Name, label, "peak-over-updates", run.PeakBytes / updates, "x");
    }

    /// <summary>Runs <c>fedactors run CONF --out DIR</c> as a child, timing its round lines and polling its peak memory.</summary>
    private static ChildRun RunChild(BenchContext context, string label, string conf, string outDirectory, int rounds)
    {
        var start = new ProcessStartInfo(DotnetHost(), [typeof(RoundBenchmark).Assembly.Location, "run", conf, "--out", outDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var tail = new Queue<string>();
        var roundArrivals = new List<long>();
        var residentByRound = new List<long>();
        var limit = context.Quick ? QuickLimit : FullLimit;
        var wall = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new BenchmarkException($"{label}: could not start {start.FileName}");
        var pid = process.Id;

        // Stderr lines arrive on a thread-pool thread, stamped the moment they come: the child prints each round's
        // line as soon as its report is in.
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            var arrived = Stopwatch.GetTimestamp();
            lock (tail)
            {
                if (RoundLine().Match(e.Data) is { Success: true } round)
                {
                    roundArrivals.Add(arrived);
                    residentByRound.Add(long.Parse(round.Groups["mib"].ValueSpan, CultureInfo.InvariantCulture) << 20);
                }

                tail.Enqueue(e.Data);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        long peak = 0;
        while (!process.WaitForExit(PollInterval))
        {
            peak = Math.Max(peak, PeakResident(pid));
            if (wall.Elapsed > limit)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new BenchmarkException($"{label}: fedactors run did not finish within {limit.TotalMinutes:0} minutes; the end of its stderr:\n{Tail(tail)}");
            }
        }

        // The parameterless wait also waits for the redirected streams to be read to their end.
        process.WaitForExit();
        wall.Stop();
        if (process.ExitCode != 0)
        {
            throw new BenchmarkException($"{label}: fedactors run {conf} exited with {process.ExitCode}; the end of its stderr:\n{Tail(tail)}");
        }

        lock (tail)
        {
            if (roundArrivals.Count != rounds)
            {
                throw new BenchmarkException($"{label}: expected {rounds} round lines on the run's stderr, saw {roundArrivals.Count}; the end of its stderr:\n{Tail(tail)}");
            }

            if (peak == 0)
            {
                throw new BenchmarkException($"{label}: the run ended before its peak memory could be read from /proc/{process.Id}/status");
            }

            var perRound = Stopwatch.GetElapsedTime(roundArrivals[0], roundArrivals[^1]).TotalSeconds / (rounds - 1);
            return new ChildRun(residentByRound, perRound, Math.Max(peak, residentByRound.Max()), wall.Elapsed);
        }
    }

    /// <summary>
    /// The dotnet host that runs this process (<c>dotnet fedactors.dll</c>, or a test host), else the SDK's, else the
    /// one on the PATH.
    /// </summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    /// <summary>The child's peak resident set so far (<c>VmHWM</c> of /proc/PID/status), in bytes; 0 once the process is gone.</summary>
    private static long PeakResident(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The child exited between the wait and the read.
        }

        return 0;
    }

    private static string Tail(Queue<string> tail)
    {
        lock (tail)
        {
            return string.Join('\n', tail);
        }
    }

    /// <summary>
    /// The line <c>fedactors run</c> prints to a redirected stderr after each round,
    /// <c>[###...] round 3/4  ETA ...  resident 612 MiB ...</c>; group <c>mib</c> is its resident set.
    /// </summary>
    [GeneratedRegex(@"\] round \d+/\d+ .*  resident (?<mib>\d+) MiB")]
    private static partial Regex RoundLine();

    /// <param name="ResidentByRound">The resident set the child reported in each round's line, in bytes.</param>
    private sealed record ChildRun(IReadOnlyList<long> ResidentByRound, double SecondsPerRound, long PeakBytes, TimeSpan Wall);
}
