namespace FedActors.Cli.Tests;

/// <summary>Smoke test of <c>fedactors bench overhead</c>: what it prints, never how fast anything is.</summary>
[Collection(BenchCollection.Name)]
public sealed class BenchOverheadCommandTests
{
    [Fact]
    public void BenchOverhead_QuickJson_ReportsBothPathsAndTheOverheadBetweenThem()
    {
        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "overhead", "--quick", "--json");

        // Assert
        Assert.True(exitCode == 0, error);
        var rows = BenchJson.Rows(output);
        Assert.Equal(
            ["actors-seconds", "direct-seconds", "overhead-percent", "actors-cpu-seconds", "direct-cpu-seconds", "cpu-overhead-percent", "actors-idle-seconds", "direct-idle-seconds",
                "first-run-overhead-percent", "actors-jit-seconds"],
            rows.Select(r => r.Metric));
        Assert.All(rows, r => Assert.Equal(("overhead", "quickstart"), (r.Bench, r.Case)));
        foreach (var (seconds, percent) in new[] { (0, 2), (3, 5) })
        {
            var (actors, direct, overhead) = (rows[seconds], rows[seconds + 1], rows[percent]);
            Assert.True(actors.Value > 0 && actors.Unit == "s", $"{actors.Metric} {actors.Value} {actors.Unit}");
            Assert.True(direct.Value > 0 && direct.Unit == "s", $"{direct.Metric} {direct.Value} {direct.Unit}");
            Assert.Equal("%", overhead.Unit);
            Assert.Equal(100 * (actors.Value - direct.Value) / direct.Value, overhead.Value, precision: 6);
        }

        // The stretches with no job running lie within each path's time; between two rounds' jobs, the actors' path
        // always has some.
        var (actorsIdle, directIdle) = (rows[6], rows[7]);
        Assert.True(actorsIdle.Value > 0 && actorsIdle.Value < rows[0].Value && actorsIdle.Unit == "s", $"{actorsIdle.Metric} {actorsIdle.Value} {actorsIdle.Unit}");
        Assert.True(directIdle.Value >= 0 && directIdle.Value < rows[1].Value && directIdle.Unit == "s", $"{directIdle.Metric} {directIdle.Value} {directIdle.Unit}");

        // --quick measures its first run only, so that run's overhead is both the steady one and the first run's.
        Assert.Equal(rows[2].Value, rows[8].Value);
        Assert.Equal("%", rows[8].Unit);
        Assert.True(rows[9].Value >= 0 && rows[9].Unit == "s", $"{rows[9].Metric} {rows[9].Value} {rows[9].Unit}");

        // Both paths ran the same 2 rounds of 10 training jobs and 5 evaluations (the test set's 10,000 samples in
        // four chunks, and the attack's source-class samples).
        Assert.Contains("30 jobs (", error);
        Assert.Contains(") in 4 phases", error);
    }

    [Fact]
    public void BenchOverhead_Workers_RunsBothPathsOnThatManyTrainerThreads()
    {
        // Act: 3 trainer threads, not the default one per core (which the worker count tells apart except on 3 cores).
        var (exitCode, output, error) = CliRunner.Run("bench", "overhead", "--quick", "--json", "--workers", "3", "--rounds", "1");

        // Assert
        Assert.True(exitCode == 0, error);
        var rows = BenchJson.Rows(output);
        Assert.All(rows, r => Assert.Equal(("overhead", "quickstart-workers-3"), (r.Bench, r.Case)));
        Assert.Contains("1 rounds, 3 trainer worker(s)", error);

        // One round's 10 training jobs and 5 evaluations, in a training phase and an evaluation phase.
        Assert.Contains("15 jobs (", error);
        Assert.Contains(") in 2 phases", error);
    }

    [Fact]
    public void BenchOverhead_NoWorkers_FailsWithOneLine()
    {
        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "overhead", "--quick", "--json", "--workers", "0");

        // Assert
        Assert.Equal(ExitCodes.BenchmarkFailed, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("bench overhead:", StringComparison.Ordinal));
        Assert.Contains("--workers 0: give at least 1", line);
    }

    [Theory]
    [InlineData("--sqlite-synchronous", "off", "--sqlite-synchronous off: give full or normal")]
    [InlineData("--journal", "in-memory", "--sqlite-synchronous normal is for the sqlite journal, not --journal in-memory")]
    public void BenchOverhead_BadSynchronousOption_FailsWithOneLine(string option, string value, string message)
    {
        // Act
        var (exitCode, output, error) = option == "--journal"
            ? CliRunner.Run("bench", "overhead", "--quick", "--json", "--sqlite-synchronous", "normal", option, value)
            : CliRunner.Run("bench", "overhead", "--quick", "--json", option, value);

        // Assert
        Assert.Equal(ExitCodes.BenchmarkFailed, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("bench overhead:", StringComparison.Ordinal));
        Assert.Contains(message, line);
    }
}
