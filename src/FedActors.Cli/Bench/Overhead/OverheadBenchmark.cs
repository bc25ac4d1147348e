using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using FedActors.Cli.Run;
using FedActors.Data;
using FedActors.Hocon;
using FedActors.Persistence;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Bench.Overhead;

/// <summary>
/// <c>bench overhead</c>: what the actors cost on top of the training they orchestrate. Case <c>quickstart</c> plays
/// quickstart's settings (<see cref="QuickstartRecipe"/>: 100 clients, 10 per round; 20 rounds, 2 with <c>--quick</c>)
/// in process as <c>fedactors run</c> plays them: the actor system, the trainer pool with the trainer's worker threads,
/// the SQLite journal and model store in a temporary run directory (<c>--journal in-memory</c> leaves the journal's cost
/// out: case <c>quickstart-in-memory</c>; <c>--sqlite-synchronous normal</c> commits without an fsync each: case
/// <c>quickstart-sync-normal</c>; <c>--model</c> trains another MNIST model of the zoo, such as <c>cnn-mnist</c>,
/// whose jobs are longer: case <c>quickstart-cnn-mnist</c>; <c>--rounds</c> sets the runs' length; <c>--workers</c> sets
/// the trainer's worker threads, one per core by default: case <c>quickstart-workers-N</c>), with the pool's
/// trainer wrapped in a <see cref="RecordingTrainer"/> that records every training call (with the jobs it trained
/// together) and every <see cref="EvalJob"/>. Then exactly those calls run straight through a <see cref="TorchTrainer"/>
/// of the same device and datasets on as many threads as the pool has workers, taking calls from a shared queue as the
/// pool's workers do, batches as batches, phase by phase: each stretch of consecutive training calls, then of
/// evaluations, waits for the one before, as a round's evaluation waits for its training. Trained states go back to the
/// pool they were rented from, as the aggregator gives them back.
/// <para>
/// <c>actors-seconds</c> runs from the moment the first job started to the last round's report; <c>direct-seconds</c>
/// covers all the recorded jobs; <c>overhead-percent</c> = 100 · (actors − direct) / direct, which is everything the run
/// does besides training and evaluating: messages, the journal, the model store, FedAvg. The same spans' CPU time of
/// the whole process (every thread) gives <c>actors-cpu-seconds</c>, <c>direct-cpu-seconds</c> and
/// <c>cpu-overhead-percent</c>: the work the orchestration adds, whether or not a core was free to do it.
/// <c>actors-idle-seconds</c> and <c>direct-idle-seconds</c> add up the stretches in which no job ran (between the
/// first job's start and the last one's end): the rounds' critical path outside the trainer, where every trainer
/// thread waits for the actors, as opposed to the actors' work that shares the cores with running jobs.
/// </para>
/// <para>
/// These are steady-state numbers, as of a long simulation: the JIT compiles the actors' code in the first runs (its
/// tiers wait for 30 calls of a method, many of which come once per round), and its background thread takes its time
/// from the trainer threads. So after a one-round run, full-length runs (each with its jobs run directly) warm both
/// paths up until the JIT spent less than 1% of a run's time compiling (at most 8), and then 5 runs are measured,
/// alternating the paths, and their medians reported. The first full-length run, whose JIT work is part of its time as
/// it is of a fresh <c>fedactors run</c>'s, is reported as <c>first-run-overhead-percent</c>, and the JIT's
/// compilation time in a measured actors run (median) as <c>actors-jit-seconds</c>. The goal is an overhead of at
/// most 3%. <c>--quick</c> runs 2 rounds, measures the first run only and reports it both ways.
/// </para>
/// </summary>
internal sealed class OverheadBenchmark : IBenchmark
{
    private readonly Option<string> _journal = new("--journal")
    {
        Description = "The run's persistence.journal: sqlite (as fedactors run, the default) or in-memory, to tell the journal's share of the overhead.",
        DefaultValueFactory = _ => "sqlite",
    };

    private readonly Option<string> _synchronous = new("--sqlite-synchronous")
    {
        Description = "The run's persistence.sqlite.synchronous: full (the default, an fsync per journal write) or normal (case quickstart-sync-normal).",
        DefaultValueFactory = _ => "full",
    };

    private readonly Option<string?> _model = new("--model")
    {
        Description = "Another MNIST model of the zoo in place of quickstart's mlp (e.g. cnn-mnist), with its own default shape: case quickstart-MODEL.",
    };

    private readonly Option<int?> _rounds = new("--rounds")
    {
        Description = "Rounds of each run (default 20, quickstart's; 2 with --quick).",
    };

    private readonly Option<int?> _workers = new("--workers")
    {
        Description = "The run's trainer.workers, and the direct path's threads (default: one per core, as fedactors run): case quickstart-workers-N. Fewer workers than cores leave the actors a core of their own.",
    };

    public string Name => "overhead";

    public string Description =>
        "Orchestration cost: a quickstart run (or --model cnn-mnist) through the actors (trainer pool, SQLite journal or --journal in-memory) against its recorded training and evaluation jobs run straight on as many threads: actors-seconds, direct-seconds, overhead-percent.";

    public IReadOnlyList<Option> Options => [_journal, _synchronous, _model, _rounds, _workers];

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        var journal = context.GetValue(_journal) ?? "sqlite";
        if (journal is not ("sqlite" or "in-memory"))
        {
            throw new BenchmarkException($"--journal {journal}: give sqlite or in-memory");
        }

        var synchronous = context.GetValue(_synchronous) ?? "full";
        if (synchronous is not ("full" or "normal"))
        {
            throw new BenchmarkException($"--sqlite-synchronous {synchronous}: give full or normal");
        }

        if (synchronous == "normal" && journal != "sqlite")
        {
            throw new BenchmarkException($"--sqlite-synchronous normal is for the sqlite journal, not --journal {journal}");
        }

        var model = context.GetValue(_model);
        if (model is not null && !ModelZoo.Names.Contains(model))
        {
            throw new BenchmarkException($"--model {model}: the zoo has {string.Join(", ", ModelZoo.Names)}");
        }

        var workersGiven = context.GetValue(_workers);
        if (workersGiven is < 1)
        {
            throw new BenchmarkException($"--workers {workersGiven}: give at least 1");
        }

        var label = (model is null ? "quickstart" : $"quickstart-{model}") + (journal == "sqlite" ? string.Empty : "-in-memory")
            + (synchronous == "full" ? string.Empty : "-sync-normal") + (workersGiven is { } w ? $"-workers-{w}" : string.Empty);
        var (rounds, repeats, maxWarmups) = context.Quick ? (2, 1, 0) : (20, 5, 8);
        if (context.GetValue(_rounds) is { } given)
        {
            rounds = given >= 1 ? given : throw new BenchmarkException($"--rounds {given}: give at least 1");
        }

        var scratch = Directory.CreateTempSubdirectory("fedactors-bench-overhead-");
        try
        {
            var warmup = Load(scratch.FullName, "warmup", rounds: 1, journal, synchronous, model, workersGiven);
            var workers = warmup.Settings.Trainer.EffectiveWorkers;
            context.Info($"overhead {label}: {model ?? "mlp"}, 100 clients, 10 per round, {rounds} rounds, {workers} trainer worker(s), {journal} journal{(journal == "sqlite" ? $" (synchronous = {synchronous})" : string.Empty)}; warming up with a 1-round run");
            var warmupJobs = RunActors(warmup, Path.Combine(scratch.FullName, "warmup-run")).Jobs;

            using var direct = SimulationRunner.LocalTrainerWithData(warmup.Settings).Trainer;
            RunDirect(direct, Phases(warmupJobs), workers);

            var measured = Load(scratch.FullName, "measured", rounds, journal, synchronous, model, workersGiven);
            var runs = 0;
            (Span Actors, Span Direct, TimeSpan Jit) Play()
            {
                runs++;
                var jit = JitInfo.GetCompilationTime();
                var (actors, jobs) = RunActors(measured, Path.Combine(scratch.FullName, $"run-{runs}"));
                jit = JitInfo.GetCompilationTime() - jit;
                var phases = Phases(jobs);
                var straight = RunDirect(direct, phases, workers);
                context.Info($"overhead {label} #{runs}: {jobs.Sum(c => c is TrainJob[] batch ? batch.Length : 1)} jobs ({jobs.Count} trainer calls) in {phases.Count} phases; " +
                    $"actors {actors.Seconds:0.000} s ({actors.CpuSeconds:0.000} s CPU, {jit.TotalSeconds:0.000} s compiling, {actors.IdleSeconds:0.000} s idle), " +
                    $"direct {straight.Seconds:0.000} s ({straight.CpuSeconds:0.000} s CPU, {straight.IdleSeconds:0.000} s idle): " +
                    $"{Percent(actors.Seconds, straight.Seconds):+0.0;-0.0}% ({Percent(actors.CpuSeconds, straight.CpuSeconds):+0.0;-0.0}% CPU)");
                return (actors, straight, jit);
            }

            // The first full-length run, then warm-up runs until the JIT has (nearly) nothing left to compile.
            var first = Play();
            for (var last = first; runs <= maxWarmups && last.Jit.TotalSeconds >= 0.01 * last.Actors.Seconds;)
            {
                last = Play();
            }

            if (maxWarmups > 0)
            {
                context.Info($"overhead {label}: warmed up in {runs} full-length run(s); measuring {repeats}");
            }

            List<(Span Actors, Span Direct, TimeSpan Jit)> played = context.Quick ? [first] : [.. Enumerable.Range(0, repeats).Select(_ => Play())];
            var actorSeconds = Measure.Median(played.Select(p => p.Actors.Seconds).ToList());
            var directSeconds = Measure.Median(played.Select(p => p.Direct.Seconds).ToList());
            var actorCpu = Measure.Median(played.Select(p => p.Actors.CpuSeconds).ToList());
            var directCpu = Measure.Median(played.Select(p => p.Direct.CpuSeconds).ToList());
            yield return new BenchRow(Name, label, "actors-seconds", actorSeconds, "s");
            yield return new BenchRow(Name, label, "direct-seconds", directSeconds, "s");
            yield return new BenchRow(Name, label, "overhead-percent", Percent(actorSeconds, directSeconds), "%");
            yield return new BenchRow(Name, label, "actors-cpu-seconds", actorCpu, "s");
            yield return new BenchRow(Name, label, "direct-cpu-seconds", directCpu, "s");
            yield return new BenchRow(Name, label, "cpu-overhead-percent", Percent(actorCpu, directCpu), "%");
            yield return new BenchRow(Name, label, "actors-idle-seconds", Measure.Median(played.Select(p => p.Actors.IdleSeconds).ToList()), "s");
            yield return new BenchRow(Name, label, "direct-idle-seconds", Measure.Median(played.Select(p => p.Direct.IdleSeconds).ToList()), "s");
            yield return new BenchRow(Name, label, "first-run-overhead-percent", Percent(first.Actors.Seconds, first.Direct.Seconds), "%");
            yield return new BenchRow(Name, label, "actors-jit-seconds", Measure.Median(played.Select(p => p.Jit.TotalSeconds).ToList()), "s");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static double Percent(double actors, double direct) => 100 * (actors - direct) / direct;

    /// <summary>The process's CPU time so far, all threads together.</summary>
    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>The recipe with <paramref name="rounds"/> rounds, resolved over reference.conf as <c>fedactors run</c> resolves a file.</summary>
    private static (Config Config, SimulationSettings Settings) Load(string scratch, string name, int rounds, string journal, string synchronous, string? model, int? workers)
    {
        var file = Path.Combine(scratch, $"{name}.conf");
        File.WriteAllText(file, QuickstartRecipe.Hocon($"bench-overhead-{name}", clients: 100, perRound: 10, rounds, model: model)
            + $"\nfedactors.persistence.journal = {journal}\nfedactors.persistence.sqlite.synchronous = {synchronous}\n"
            + (workers is { } w ? $"fedactors.trainer.workers = {w}\n" : string.Empty));
        var config = ConfigLoader.Load(file, [], withReference: true);
        return (config, SimulationSettings.FromConfig(config));
    }

    /// <summary>
    /// Plays the run through the actors; returns the wall-clock and CPU seconds from its first job to its last round's
    /// report, and its jobs.
    /// </summary>
    private static (Span Span, IReadOnlyList<object> Jobs) RunActors((Config Config, SimulationSettings Settings) run, string directory)
    {
        RecordingTrainer? recorder = null;
        long lastReport = 0;
        var lastReportCpu = TimeSpan.Zero;
        var runner = new SimulationRunner(Aggregator.Props, trainer => recorder = new RecordingTrainer(trainer, ProcessCpu));
        RunResult result;
        try
        {
            var runDirectory = RunDirectory.Create(directory, run.Settings.Run.Name, RunDirectory.RecordedJson(run.Config));
            result = runner.RunAsync(run.Settings, runDirectory, _ =>
                {
                    Interlocked.Exchange(ref lastReport, Stopwatch.GetTimestamp());
                    lastReportCpu = ProcessCpu();
                })
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is DataException or IOException or PersistenceException or TorchException or TimeoutException or InvalidOperationException or ArgumentException)
        {
            throw new BenchmarkException($"the run through the actors failed: {e.Message}");
        }

        if (recorder is null || recorder.FirstStart.Timestamp == 0 || result.Rounds.Count != run.Settings.Run.Rounds)
        {
            throw new BenchmarkException($"the run through the actors ended after {result.Rounds.Count} of {run.Settings.Run.Rounds} rounds without recording its jobs");
        }

        var (firstStart, firstStartCpu) = recorder.FirstStart;
        var span = new Span(Stopwatch.GetElapsedTime(firstStart, Interlocked.Read(ref lastReport)).TotalSeconds, (lastReportCpu - firstStartCpu).TotalSeconds,
            recorder.Idle.Elapsed.TotalSeconds);
        return (span, recorder.Jobs);
    }

    /// <summary>The jobs cut into stretches of one kind (training or evaluation), in the order they started.</summary>
    private static IReadOnlyList<IReadOnlyList<object>> Phases(IReadOnlyList<object> jobs)
    {
        var phases = new List<IReadOnlyList<object>>();
        List<object>? current = null;
        foreach (var job in jobs)
        {
            if (current is null || current[0].GetType() != job.GetType())
            {
                current = [];
                phases.Add(current);
            }

            current.Add(job);
        }

        return phases;
    }

    /// <summary>
    /// Runs the phases on <paramref name="workers"/> threads (started once, as the pool's are), each taking the phase's
    /// next job until none is left and then waiting for the others at a barrier; returns the wall-clock and CPU seconds,
    /// and the seconds in which no job ran.
    /// </summary>
    private static Span RunDirect(TorchTrainer trainer, IReadOnlyList<IReadOnlyList<object>> phases, int workers)
    {
        var taken = new int[phases.Count];
        Array.Fill(taken, -1);
        var idle = new IdleClock();
        Exception? failure = null;
        using var barrier = new Barrier(workers);
        var threads = Enumerable.Range(0, workers).Select(i => new Thread(() =>
        {
            for (var p = 0; p < phases.Count; p++)
            {
                var phase = phases[p];
                try
                {
                    for (int j; (j = Interlocked.Increment(ref taken[p])) < phase.Count;)
                    {
                        var call = phase[j];
                        idle.Time(() => Run(trainer, call));
                    }
                }
                catch (Exception e) when (e is TorchException or ArgumentException)
                {
                    // Keep the first failure; the thread still meets the barrier so that the others are not left waiting.
                    Interlocked.CompareExchange(ref failure, e, null);
                }

                barrier.SignalAndWait();
            }
        })
        { IsBackground = true, Name = $"overhead-direct-{i}" }).ToList();

        var cpu = ProcessCpu();
        var clock = Stopwatch.StartNew();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        clock.Stop();
        cpu = ProcessCpu() - cpu;
        if (failure is not null)
        {
            throw new BenchmarkException($"a recorded job failed when run directly: {failure.Message}");
        }

        return new Span(clock.Elapsed.TotalSeconds, cpu.TotalSeconds, idle.Elapsed.TotalSeconds);
    }

    /// <summary>Runs one recorded call: a training call (batched as recorded) or an evaluation.</summary>
    private static void Run(TorchTrainer trainer, object call)
    {
        switch (call)
        {
            case TrainJob[] batch:
                var results = batch.Length == 1 ? [trainer.Train(batch[0])] : trainer.TrainBatch(batch);
                foreach (var result in results)
                {
                    VectorPool.Release(result.State);
                }

                break;
            case EvalJob eval:
                trainer.Evaluate(eval);
                break;
            default:
                throw new InvalidOperationException($"not a job: {call.GetType()}");
        }
    }

    /// <summary>
    /// A measured stretch: its wall-clock seconds, the CPU seconds the process spent in it, and the seconds in which no
    /// job ran.
    /// </summary>
    private readonly record struct Span(double Seconds, double CpuSeconds, double IdleSeconds);
}
