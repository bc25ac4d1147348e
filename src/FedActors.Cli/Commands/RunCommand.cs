using System.CommandLine;
using System.Globalization;
using System.Text;
using FedActors.Cli.Run;
using FedActors.Cluster;
using FedActors.Data;
using FedActors.Hocon;
using FedActors.Persistence;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Commands;

/// <summary>
/// <c>fedactors run FILE [--set key=value]... [--out DIR]</c>: plays a simulated run and writes its results;
/// <c>fedactors run --resume DIR</c>: continues an interrupted run from its journal, with the configuration it recorded.
/// </summary>
public static class RunCommand
{
    public static Command Create() => Create(Aggregator.Props);

    /// <summary>The verb with another aggregator (tests pass a fake one).</summary>
    public static Command Create(AggregatorPropsFactory aggregatorProps)
    {
        var file = new Argument<string?>("file")
        {
            Description = "The experiment's HOCON file (layered over hocon/reference.conf); with --resume, optional and checked against the recorded one.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a setting, as HOCON: --set fedactors.run.seed=7 (repeatable; later ones win).",
            AllowMultipleArgumentsPerToken = false,
        };
        var outOption = new Option<string>("--out") { Description = "Output directory (default runs/<name>-<timestamp>)." };
        var resume = new Option<string>("--resume")
        {
            Description = "Continue the run in this directory from its journal (after a crash or a kill); it ends as the uninterrupted run would.",
        };
        var command = new Command("run", "Run a federated-learning simulation and write results.json, metrics.csv and report.html.")
        {
            file, set, outOption, resume,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var resumeDirectory = parse.GetValue(resume);
            var fileName = parse.GetValue(file);
            var overrides = parse.GetValue(set) ?? Array.Empty<string>();
            if (resumeDirectory is null && fileName is null)
            {
                error.WriteLine("run: give the experiment's configuration file, or --resume DIR to continue a run");
                return ExitCodes.ConfigurationError;
            }

            if (resumeDirectory is not null && parse.GetValue(outOption) is not null)
            {
                error.WriteLine("run: --resume DIR writes its results into DIR; --out cannot be given with it");
                return ExitCodes.ConfigurationError;
            }

            Config config;
            SimulationSettings settings;
            RunDirectory? recorded = null;
            try
            {
                if (resumeDirectory is not null)
                {
                    recorded = RunDirectory.Open(resumeDirectory);
                    config = recorded.LoadConfig();
                    if (fileName is not null || overrides.Length > 0)
                    {
                        var given = fileName is null
                            ? recorded.LoadConfig(overrides)
                            : ConfigLoader.Load(fileName, overrides, withReference: true);
                        if (RunDirectory.RecordedJson(given, indented: false) != RunDirectory.RecordedJson(config, indented: false))
                        {
                            error.WriteLine($"run: the configuration given differs from the one {resumeDirectory} was started with ({recorded.ConfigPath}); " +
                                "a run resumes with its recorded configuration: leave out the file and --set, or start a new run");
                            return ExitCodes.ConfigurationError;
                        }
                    }
                }
                else
                {
                    config = ConfigLoader.Load(fileName!, overrides, withReference: true);
                }

                settings = SimulationSettings.FromConfig(config);
            }
            catch (HoconException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.ConfigurationError;
            }
            catch (IOException e)
            {
                error.WriteLine($"run: {e.Message}");
                return ExitCodes.ConfigurationError;
            }

            if (recorded is not null && settings.Persistence.Journal == JournalKind.InMemory)
            {
                error.WriteLine($"run: {resumeDirectory} ran with persistence.journal = in-memory, so nothing of it was kept to resume");
                return ExitCodes.ConfigurationError;
            }

            var directory = resumeDirectory ?? parse.GetValue(outOption)
                ?? Path.Combine("runs", $"{settings.Run.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            RunDirectory run;
            try
            {
                run = recorded ?? RunDirectory.Create(directory, settings.Run.Name, RunDirectory.RecordedJson(config));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PersistenceException)
            {
                error.WriteLine($"run: {e.Message}");
                return ExitCodes.ConfigurationError;
            }

            if (recorded is not null)
            {
                error.WriteLine($"run: resuming {directory}");
            }

            var progress = new ProgressPrinter(error, settings.Run.Rounds);
            try
            {
                var runner = new SimulationRunner(aggregatorProps);
                var result = runner.RunAsync(settings, run, progress.Round).GetAwaiter().GetResult();
                ResultsWriter.WriteAll(directory, RunDirectory.RecordedJson(config), result, settings.Metrics.Csv);
                output.Write(Summary(result, directory));
                if (result.Cluster is { } counts)
                {
                    error.WriteLine($"run: cluster messages: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
                }

                return ExitCodes.Success;
            }
            catch (ClusterException e)
            {
                error.WriteLine($"run: cluster: {e.Message}");
                return ExitCodes.ClusterError;
            }
            catch (PersistenceException e)
            {
                error.WriteLine($"run: {e.Message}");
                return ExitCodes.PersistenceError;
            }
            catch (Exception e) when (e is DataException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"run: {e.Message}");
                return ExitCodes.DataFetchFailed;
            }
            catch (TorchException e)
            {
                error.WriteLine($"run: {e.Message}");
                return ExitCodes.NativeLibraryError;
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or TimeoutException or ArgumentException)
            {
                error.WriteLine($"run: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The final table on stdout.</summary>
    public static string Summary(RunResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = new (string Key, string Value)[]
        {
            ("run", result.Name),
            ("rounds", result.Rounds.Count.ToString(CultureInfo.InvariantCulture)),
            ("final accuracy", Percent(result.FinalAccuracy)),
            ("attack success rate", Percent(result.FinalAttackSuccessRate / 100)),
            ("finalModelSha256", result.FinalModelSha256),
            ("time", $"{result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"),
            ("output", directory),
        };
        var keyWidth = rows.Max(r => r.Key.Length);
        var valueWidth = rows.Max(r => r.Value.Length);
        var rule = $"+{new string('-', keyWidth + 2)}+{new string('-', valueWidth + 2)}+\n";
        var text = new StringBuilder(rule);
        foreach (var (key, value) in rows)
        {
            text.Append("| ").Append(key.PadRight(keyWidth)).Append(" | ").Append(value.PadRight(valueWidth)).Append(" |\n");
        }

        return text.Append(rule).ToString();
    }

    /// <summary>A fraction as a percentage (the attack success rate, already a percentage, is divided by 100 first).</summary>
    private static string Percent(double? value) => Formats.Percent(value, "-");

    /// <summary>
    /// Progress on stderr: on a terminal, a progress bar (round i/N, ETA, the process's resident memory) over a live
    /// table of the latest rounds (accuracy, attack success rate, detection per stage) redrawn in place; otherwise
    /// (logs, CI) one line per round. The resident set is read as each round's report comes in
    /// (<see cref="Environment.WorkingSet"/>, VmRSS on Linux), in whole MiB: <c>bench round</c> reads it from these lines.
    /// </summary>
    private sealed class ProgressPrinter(TextWriter error, int rounds)
    {
        private const int LiveRows = 10;
        private readonly DateTime _start = DateTime.UtcNow;
        private readonly object _gate = new();
        private readonly bool _live = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        private readonly List<string> _rows = new();
        private int _drawnLines;
        private int _done;

        private string Bar(int done)
        {
            const int width = 20;
            var filled = Math.Clamp(done * width / Math.Max(1, rounds), 0, width);
            return new string('#', filled) + new string('.', width - filled);
        }

        public void Round(RoundReport report)
        {
            // Counted here rather than read from report.Round, so the line is right whatever the round numbering.
            var done = Interlocked.Increment(ref _done);
            var elapsed = DateTime.UtcNow - _start;
            var eta = done >= rounds ? TimeSpan.Zero : elapsed / done * (rounds - done);
            var resident = string.Create(CultureInfo.InvariantCulture, $"resident {Environment.WorkingSet >> 20} MiB");
            var detection = string.Join(' ', report.Detection.Select(d =>
                $"{d.Key} P={d.Value.Precision.ToString("0.00", CultureInfo.InvariantCulture)} R={d.Value.Recall.ToString("0.00", CultureInfo.InvariantCulture)}"));
            var line = $"[{Bar(done)}] round {done}/{rounds}  ETA {eta:hh\\:mm\\:ss}  accuracy {Percent(report.Accuracy)}  ASR {Percent(report.AttackSuccessRate / 100)}" +
                $"  received {report.Received} rejected {report.Rejected} timed-out {report.TimedOut}  {resident}" +
                (detection.Length > 0 ? $"  detection {detection}" : string.Empty);
            lock (_gate)
            {
                if (_live)
                {
                    DrawLive(done, eta, resident, report, detection);
                }
                else
                {
                    error.WriteLine(line);
                }

                error.Flush();
            }
        }

        private void DrawLive(int done, TimeSpan eta, string resident, RoundReport report, string detection)
        {
            _rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {done,5} | {Percent(report.Accuracy),8} | {Percent(report.AttackSuccessRate / 100),8} | {report.Received,8} | {report.Rejected,8} | {report.TimedOut,9} | {detection}"));
            var lines = new List<string>
            {
                $"[{Bar(done)}] round {done}/{rounds}  ETA {eta:hh\\:mm\\:ss}  {resident}",
                "| round | accuracy |      ASR | received | rejected | timed out | detection (precision, recall)",
            };
            lines.AddRange(_rows.Skip(Math.Max(0, _rows.Count - LiveRows)));

            // Move back over what was drawn last time and clear it, then draw the new frame.
            if (_drawnLines > 0)
            {
                error.Write($"\u001b[{_drawnLines}A\u001b[J");
            }

            foreach (var text in lines)
            {
                error.WriteLine(text);
            }

            _drawnLines = lines.Count;
        }
    }
}
