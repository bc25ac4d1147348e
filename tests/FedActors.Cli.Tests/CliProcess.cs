using System.Diagnostics;
using System.Text;

namespace FedActors.Cli.Tests;

/// <summary>Runs the built <c>fedactors</c> CLI as its own process (for tests that kill it or need its environment).</summary>
internal static class CliProcess
{
    /// <summary>
    /// How long <see cref="Run(string[])"/> waits before it calls the process hung: a guard against hangs, not a
    /// speed check, so it is minutes (the slowest runs, a cluster run through a broker restart, take under a minute on
    /// 2 loaded cores).
    /// </summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Starts the CLI; its stderr lines go to <paramref name="error"/>, its stdout is drained. <paramref name="niceness"/>
    /// above 0 starts it under <c>nice</c>, every thread of it, so that a test watching it gets the CPU first.
    /// </summary>
    public static Process Start(string[] args, StringBuilder error, IReadOnlyDictionary<string, string>? environment = null, int niceness = 0)
    {
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "fedactors.dll"), .. args];
        var start = new ProcessStartInfo(niceness > 0 ? "nice" : command[0], niceness > 0 ? ["-n", $"{niceness}", .. command] : command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs the CLI to its end and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fedactors.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => error.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)Limit.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fedactors {string.Join(' ', args)} did not finish in {Limit}; its stderr:\n{error}");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString(), error.ToString());
    }

    public static (int ExitCode, string Output, string Error) Run(params string[] args) => Run(null, args);
}
