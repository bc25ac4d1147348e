using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FedActors.Cli.Run;
using FedActors.Persistence;
using FedActors.Simulation;
using Microsoft.Data.Sqlite;

namespace FedActors.Cli.Tests.Run;

/// <summary>
/// ARCHITECTURE §9: a run killed with SIGKILL at any point and resumed with <c>fedactors run --resume</c> ends with the
/// uninterrupted run's final model hash, and its journal has every round exactly once.
/// </summary>
public sealed class CrashResumeTests
{
    private const int Rounds = 6;
    private const int PerRound = 5;
    private static readonly TimeSpan ProcessLimit = CliProcess.Limit;

    /// <summary>What the kill loop saw (counts with their times), for the failure message.</summary>
    private static readonly List<string> Trace = [];

    private const string Conf = """
        fedactors {
          run { name = crash, seed = 11, rounds = 6, clients = 20, clients-per-round = 5, round-timeout = 120s }
          data { name = synthetic }
          model { name = mlp, hidden = [16] }
          trainer { workers = 1, learning-rate = 0.1 }
          attack { type = label-flip, malicious-clients = 4, label-flip { source = 1, target = 5 } }
          persistence { journal = sqlite }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KilledAtRandomPoints_ResumesToTheUninterruptedRunsHash(bool storeUpdates)
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("crash.conf", Conf + $"\nfedactors.persistence.store-updates = {(storeUpdates ? "on" : "off")}\n");
        var reference = Path.Combine(dir.Path, "uninterrupted");

        Assert.Equal(0, CliProcess.Run("run", conf, "--out", reference).ExitCode);
        var expected = Results(reference);
        var total = Events(reference).Count;

        // Five kills at journal positions drawn from a fixed seed, one in each fifth of the run, each in a later process
        // than the last: the first run is killed, then every resume but the last. Position p means "once p events are
        // journaled" (the kill lands a little later when events come in a burst). A process can finish before the test
        // sees its target (a poll starved for a whole round on a loaded machine); that chain still has to end right. A
        // chain counts once it killed at three or more distinct journal positions; otherwise another is tried, up to
        // three.
        var random = new Random(storeUpdates ? 1234 : 4321);
        var stratum = (total - 2) / 5;
        var chains = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var crashed = Path.Combine(dir.Path, $"crashed-{attempt}");
            var points = Enumerable.Range(0, 5).Select(i => 1 + (i * stratum) + random.Next(stratum)).ToList();
            var kills = new List<(long At, bool Killed)>();
            for (var i = 0; i < points.Count; i++)
            {
                var args = i == 0 ? new[] { "run", conf, "--out", crashed } : new[] { "run", "--resume", crashed };
                var target = Math.Max(points[i], kills.Count == 0 ? 0 : kills[^1].At + 1);
                var journal = Path.Combine(crashed, RunDirectory.JournalFile);
                kills.Add(KillWhen(() => CountEvents(journal), target, args));
            }

            AssertResumesToTheReference(crashed, reference, expected, total);
            chains.Add($"[{string.Join(", ", kills.Select(k => k.Killed ? $"{k.At}" : $"{k.At} (finished)"))}]");
            if (kills.Where(k => k.Killed).Select(k => k.At).Distinct().Count() >= 3)
            {
                return;
            }
        }

        Assert.Fail($"no chain killed at three or more distinct journal positions: {string.Join("; ", chains)}; seen:\n{string.Join("\n", Trace)}");
    }

    private static void AssertResumesToTheReference(string crashed, string reference, (string Hash, string Accuracies) expected, int total)
    {
        var final = CliProcess.Run("run", "--resume", crashed);

        Assert.True(final.ExitCode == 0, final.Error);
        Assert.Contains("resuming", final.Error, StringComparison.Ordinal);
        var actual = Results(crashed);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Accuracies, actual.Accuracies);
        Assert.Contains(expected.Hash, final.Output, StringComparison.Ordinal);

        var events = Events(crashed);
        Assert.Equal(total, events.Count);
        Assert.Equal(Enumerable.Range(0, Rounds), events.OfType<RoundStarted>().Select(e => e.Round));
        Assert.Equal(Enumerable.Range(0, Rounds), events.OfType<RoundAggregated>().Select(e => e.Round));
        Assert.Equal(Enumerable.Range(0, Rounds), events.OfType<RoundEvaluated>().Select(e => e.Round));
        var updates = events.OfType<UpdateReceived>().Select(e => (e.Round, e.ClientId)).ToList();
        Assert.Equal(Rounds * PerRound, updates.Count);
        Assert.Equal(updates.Count, updates.Distinct().Count());
        Assert.Single(events.OfType<MaliciousClientsChosen>());

        // The same events; updates of a round arrive in scheduling order, so the lists are compared sorted.
        Assert.Equal(Events(reference).Select(Describe).Order(StringComparer.Ordinal), events.Select(Describe).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resume_OfAFinishedRun_RewritesTheSameResults()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("crash.conf", Conf);
        var output = Path.Combine(dir.Path, "done");
        Assert.Equal(0, CliProcess.Run("run", conf, "--out", output).ExitCode);
        var first = Results(output);
        var events = Events(output).Count;

        var again = CliProcess.Run("run", "--resume", output);

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(first, Results(output));
        Assert.Equal(events, Events(output).Count);
    }

    [Fact]
    public void Resume_WithAMissingModelBlob_SaysTheBlobsAreIncomplete()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("crash.conf", Conf);
        var output = Path.Combine(dir.Path, "done");
        Assert.Equal(0, CliProcess.Run("run", conf, "--out", output, "--set", "fedactors.run.rounds = 2").ExitCode);
        var hash = Results(output).Hash;
        SQLitePCL.Batteries_V2.Init();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(output, RunDirectory.JournalFile)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM blobs WHERE sha256 = $sha;";
            command.Parameters.AddWithValue("$sha", hash);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var resumed = CliProcess.Run("run", "--resume", output);

        Assert.Equal(1, resumed.ExitCode);
        Assert.Contains($"the journal names model {hash}, but the model store does not have it", resumed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_WithAnotherConfiguration_IsRefused()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("crash.conf", Conf);
        var output = Path.Combine(dir.Path, "done");
        Assert.Equal(0, CliProcess.Run("run", conf, "--out", output, "--set", "fedactors.run.rounds = 1").ExitCode);

        var other = CliProcess.Run("run", conf, "--resume", output, "--set", "fedactors.run.rounds = 2");
        var notARun = CliProcess.Run("run", "--resume", dir.Path);
        var again = CliProcess.Run("run", conf, "--out", output);

        Assert.Equal(ExitCodes.ConfigurationError, other.ExitCode);
        Assert.Contains("differs from the one", other.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigurationError, notARun.ExitCode);
        Assert.Contains("is not a run directory", notARun.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigurationError, again.ExitCode);
        Assert.Contains("already holds a run", again.Error, StringComparison.Ordinal);
    }

    private static string Describe(object evt) => evt switch
    {
        RoundEvaluated e => $"evaluated {e.Round} {string.Join(",", e.Metrics.Select(m => $"{m.Key}={m.Value:R}"))}",
        StageCompleted e => $"stage {e.Round} {e.Stage} {string.Join(",", e.Decisions)}",
        RoundAggregated e => $"aggregated {e.Round} {e.NewModelHash} {string.Join(",", e.Weights.Select(w => $"{w.Key}={w.Value:R}"))}",
        RoundStarted e => $"started {e.Round} {e.GlobalModelHash} {string.Join(",", e.SelectedClients)}",
        MaliciousClientsChosen e => $"malicious {string.Join(",", e.ClientIds)}",
        _ => evt.ToString()!,
    };

    /// <summary>Starts the CLI and kills it (SIGKILL) once <paramref name="journaled"/> counts at least <paramref name="events"/> events, or when it exits first.</summary>
    /// <returns>The number of journaled events when the process died, and whether it was killed (false: it finished first).</returns>
    internal static (long At, bool Killed) KillWhen(Func<long> journaled, long events, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var error = new StringBuilder();
        // The run yields the CPU to this poll: on a loaded machine a starved poll lets it run past its target.
        using var process = CliProcess.Start(args, error, environment, niceness: 10);
        var watch = Stopwatch.StartNew();
        var seen = new List<string>();
        long last = long.MinValue;
        long Count()
        {
            var count = journaled();
            if (count != last)
            {
                seen.Add($"{count}@{watch.ElapsedMilliseconds}ms");
                last = count;
            }

            return count;
        }

        while (!process.HasExited && Count() < events)
        {
            if (watch.Elapsed > ProcessLimit)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                Assert.Fail($"fedactors {string.Join(' ', args)} did not reach {events} events in {ProcessLimit} (at {journaled()}); its stderr:\n{error}");
            }

            Thread.Sleep(2);
        }

        var killed = !process.HasExited;
        if (killed)
        {
            process.Kill(entireProcessTree: true);
        }
        else
        {
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"fedactors {string.Join(' ', args)} failed before it was killed ({process.ExitCode}); its stderr:\n{error}");
        }

        lock (Trace)
        {
            Trace.Add($"target {events}: {string.Join(" ", seen)}{(killed ? string.Empty : " (finished)")}");
        }

        Assert.True(process.WaitForExit(60_000), "the killed process did not exit");
        long count;
        while ((count = journaled()) < 0)
        {
            Thread.Sleep(5);
        }

        return (count, killed);
    }

    /// <summary>
    /// The events in the journal file while another process writes it; 0 before its schema exists, -1 when the file
    /// is busy this instant (the caller polls again).
    /// </summary>
    private static long CountEvents(string journal)
    {
        if (!File.Exists(journal))
        {
            return 0;
        }

        try
        {
            SQLitePCL.Batteries_V2.Init();
            using var connection = new SqliteConnection($"Data Source={journal};Pooling=False;Default Timeout=1");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM journal;";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return 0;
        }
        catch (SqliteException)
        {
            return -1;
        }
    }

    private static List<object> Events(string runDirectory)
    {
        var run = RunDirectory.Open(runDirectory);
        using var journal = new SqliteJournal(run.JournalPath);
        var events = new List<object>();
        journal.ReplayMessagesAsync(run.PersistenceId, 1, long.MaxValue, long.MaxValue, e => events.Add(e.Payload)).GetAwaiter().GetResult();
        return events;
    }

    private static (string Hash, string Accuracies) Results(string runDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "results.json")));
        var root = json.RootElement;
        var accuracies = string.Join(",", root.GetProperty("rounds").EnumerateArray().Select(r => r.GetProperty("accuracy").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return (root.GetProperty("summary").GetProperty("finalModelSha256").GetString()!, accuracies);
    }
}
