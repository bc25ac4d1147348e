using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FedActors.Cli.Bench.Round;

/// <summary>
/// <c>bench round</c>: seconds per round and peak memory of whole runs at scale, with quickstart's settings
/// (<see cref="QuickstartRecipe"/>): case <c>clients-1000</c> is 1,000 clients, 100 per round (hocon/thousand-clients.conf),
/// case <c>clients-10000</c> 10,000 clients, 1,000 per round (hocon/ten-thousand-clients.conf); 3 rounds each (with
/// <c>--quick</c>: 100 clients, 10 per round and 200 clients, 20 per round, 2 rounds each).
/// <para>
/// Each case is a <c>fedactors run</c> in a child process of this same build, writing into a temporary directory that
/// is deleted afterwards, so that <c>peak-memory-bytes</c> is that run's own peak resident set: the largest VmHWM of
/// /proc/PID/status, polled every 50 ms until the child exits (growth in its last 50 ms could be missed).
/// <c>seconds-per-round</c> is timed here from the child's per-round progress lines on stderr as they arrive:
/// (arrival of the last round's line − arrival of the first round's line) / (rounds − 1). Startup (loading data,
/// starting the actors) and the first round (JIT, first allocations) are left out; every counted round trains,
/// aggregates and evaluates on the 10,000 test images.
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
        "Whole quickstart runs at 1,000 clients (100 per round) and 10,000 clients (1,000 per round), each a child fedactors run: seconds-per-round and the run's peak-memory-bytes.";

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
                context.Info($"round {label}: {run.Rounds.Count} round lines; whole run {run.Wall.TotalSeconds:0.0} s");
                yield return new BenchRow(Name, label, "seconds-per-round", run.SecondsPerRound, "s");
                yield return new BenchRow(Name, label, "peak-memory-bytes", run.PeakBytes, "B");
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
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
        var limit = context.Quick ? QuickLimit : FullLimit;
        var wall = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new BenchmarkException($"{label}: could not start {start.FileName}");

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
                if (RoundLine().IsMatch(e.Data))
                {
                    roundArrivals.Add(arrived);
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
            peak = Math.Max(peak, PeakResidentBytes(process.Id));
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
            return new ChildRun(roundArrivals.ToList(), perRound, peak, wall.Elapsed);
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

    /// <summary>VmHWM of /proc/PID/status in bytes: the process's peak resident set so far; 0 once it is gone.</summary>
    private static long PeakResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
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

    /// <summary>The line <c>fedactors run</c> prints to a redirected stderr after each round: <c>[###...] round 3/4  ETA ...</c>.</summary>
    [GeneratedRegex(@"\] round \d+/\d+ ")]
    private static partial Regex RoundLine();

    private sealed record ChildRun(IReadOnlyList<long> Rounds, double SecondsPerRound, long PeakBytes, TimeSpan Wall);
}
