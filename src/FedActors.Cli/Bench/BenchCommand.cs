using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using FedActors.Cli.Bench.Actors;
using FedActors.Cli.Bench.Journal;
using FedActors.Cli.Bench.Trainer;

namespace FedActors.Cli.Bench;

/// <summary>
/// <c>fedactors bench NAME [--json] [--quick]</c>: runs one benchmark and prints its rows as a table, or as JSON with
/// <c>--json</c>. Progress goes to standard error, so stdout holds only the result.
/// </summary>
public static class BenchCommand
{
    /// <summary>Every benchmark, one subcommand each.</summary>
    public static IReadOnlyList<IBenchmark> Benchmarks { get; } = new IBenchmark[]
    {
        new ActorBenchmark(),
        new TrainerBenchmark(),
        new JournalBenchmark(),
        new Cluster.ClusterBenchmark(),
        new Batched.BatchedBenchmark(),
        new Distances.DistancesBenchmark(),
        new Round.RoundBenchmark(),
        new Overhead.OverheadBenchmark(),
    };

    public static Command Create() => Create(Benchmarks);

    public static Command Create(IEnumerable<IBenchmark> benchmarks)
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print the rows as a JSON array of {bench, case, metric, value, unit} instead of a table.",
            Recursive = true,
        };
        var quick = new Option<bool>("--quick")
        {
            Description = "Tiny sizes and short runs: a smoke test for CI that finishes in seconds; the numbers mean little.",
            Recursive = true,
        };

        var command = new Command("bench", "Measure the kernel and the pipeline: prints a table of bench, case, metric, value, unit.")
        {
            json, quick,
        };
        foreach (var benchmark in benchmarks)
        {
            var subcommand = new Command(benchmark.Name, benchmark.Description);
            foreach (var option in benchmark.Options)
            {
                subcommand.Options.Add(option);
            }

            subcommand.SetAction(parse => Run(
                benchmark,
                parse.GetValue(json),
                parse.GetValue(quick),
                parse));
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    private static int Run(IBenchmark benchmark, bool json, bool quick, ParseResult parse)
    {
        var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        var context = new BenchContext(quick, error, parse);
        context.Info(Describe(benchmark, quick));
        var rows = new List<BenchRow>();
        try
        {
            foreach (var row in benchmark.Run(context))
            {
                context.Info($"{row.Bench} {row.Case} {row.Metric} = {BenchOutput.FormatValue(row.Value)} {row.Unit}");
                rows.Add(row);
            }
        }
        catch (BenchmarkException e)
        {
            error.WriteLine($"bench {benchmark.Name}: {e.Message}");
            return ExitCodes.BenchmarkFailed;
        }

        if (json)
        {
            BenchOutput.WriteJson(output, rows);
        }
        else
        {
            BenchOutput.WriteTable(output, rows);
        }

        return ExitCodes.Success;
    }

    /// <summary>What the numbers depend on, for the log: the machine, the runtime, the GC mode and the build.</summary>
    private static string Describe(IBenchmark benchmark, bool quick)
    {
        var gc = GCSettings.IsServerGC ? "server" : "workstation";
        var debug = benchmark.GetType().Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true;
        return $"bench {benchmark.Name}{(quick ? " --quick" : string.Empty)}: {Environment.ProcessorCount} processors, "
            + $".NET {Environment.Version}, {gc} GC{(debug ? "; a Debug build: the numbers are not representative" : string.Empty)}";
    }
}
