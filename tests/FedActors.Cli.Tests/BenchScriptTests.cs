using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FedActors.Cli.Tests;

/// <summary>
/// scripts/bench.sh on the CLI this test project built (FEDACTORS_DLL, so nothing is bootstrapped): the markdown
/// table it writes, and what it does with a bench that does not exist. Needs bash and jq.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchScriptTests
{
    /// <summary>A guard against hangs, not a speed check: above the 3 minutes <c>bench round --quick</c> gives each of its runs.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public void BenchScript_QuickRound_WritesTheRoundRowsAsAMarkdownTable()
    {
        // Arrange
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "results.md");

        // Act
        var (exitCode, output, error) = RunScript(dir.Path, "--quick", "--out", file, "round");

        // Assert
        Assert.True(exitCode == 0, error);
        var table = File.ReadAllText(file);
        Assert.Equal(table, output);
        var lines = table.Split('\n');
        Assert.Matches(@"^Benchmarks of \S+ on \S+ \(\d+ cores\), \d{4}-\d\d-\d\d \d\d:\d\d UTC, --quick", lines[0]);
        Assert.Contains("| bench | case | metric | value | unit |", lines);
        foreach (var clients in new[] { 100, 200 })
        {
            Assert.Contains(lines, l => Regex.IsMatch(l, $@"^\| round \| clients-{clients} \| seconds-per-round \| [0-9.]+ \| s \|$"));

            // Hundreds of megabytes, with thousands separators as the bench tables print them.
            Assert.Contains(lines, l => Regex.IsMatch(l, $@"^\| round \| clients-{clients} \| peak-memory-bytes \| \d{{3}},\d{{3}},\d{{3}}(,\d{{3}})? \| B \|$"));
        }
    }

    [Fact]
    public void BenchScript_NamedBenchThatDoesNotExist_IsReportedAndExitsNonZero()
    {
        // Arrange
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "results.md");

        // Act
        var (exitCode, _, error) = RunScript(dir.Path, "--quick", "--out", file, "no-such-bench");

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("no 'fedactors bench no-such-bench'", error);
        Assert.Contains("Failed: no-such-bench (no such bench)", File.ReadAllText(file));
    }

    private static (int ExitCode, string Output, string Error) RunScript(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(FindRoot(), "scripts", "bench.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["FEDACTORS_DLL"] = Path.Combine(AppContext.BaseDirectory, "fedactors.dll");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/bench.sh {string.Join(' ', args)} did not finish in {Limit}; its stderr:\n{error.Result}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "bench.sh")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("scripts/bench.sh not found above the test directory");
    }
}
