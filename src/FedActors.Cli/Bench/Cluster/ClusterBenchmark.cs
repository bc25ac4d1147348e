using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FedActors.Cli.Run;
using FedActors.Cli.Worker;
using FedActors.Cluster;
using FedActors.Data;
using FedActors.Hocon;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Bench.Cluster;

/// <summary>
/// <c>bench cluster</c>: the RabbitMQ cluster mode against the local trainer, on quickstart-like work (MNIST, an
/// <c>mlp</c> with 200 hidden units, one client's 600-sample IID shard per job, 2 local epochs at batch 32). For each
/// case it measures jobs-per-second for a batch of training jobs submitted at once, and seconds-per-round for one
/// quickstart round: 10 clients' training jobs, their FedAvg, one evaluation on the 10,000 test samples. Case
/// <c>local</c> runs the jobs on a <see cref="TorchTrainer"/> with the trainer's worker threads, as
/// <c>cluster.mode = local</c> does; <c>workers-N</c> goes through a <see cref="RabbitMqTrainer"/> to N in-process
/// <see cref="ClusterWorker"/>s, each with its own trainer built from the run's recipe as <c>fedactors worker</c> builds
/// it. Every cluster case uses a fresh job queue (deleted afterwards) and a random secret.
/// </summary>
internal sealed class ClusterBenchmark : IBenchmark
{
    private const string BrokerVariable = RunDirectory.BrokerVariable;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Option<string?> _broker = new("--broker")
    {
        Description = $"The broker to measure, amqp://user:password@host:5672/vhost (default: ${BrokerVariable}); the benchmark declares a fresh queue per case and deletes it.",
    };

    public string Name => "cluster";

    public string Description =>
        "RabbitMQ cluster mode: jobs-per-second of 100 quickstart training jobs and seconds-per-round of a quickstart round, with 1 and 2 in-process workers and the local trainer (--broker).";

    public IReadOnlyList<Option> Options => [_broker];

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        var uri = context.GetValue(_broker) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable(BrokerVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new BenchmarkException(
                $"no broker given: pass --broker amqp://user:password@host:5672/vhost or set {BrokerVariable} (scripts/lib/rabbitmq.sh's start_test_rabbitmq starts a throwaway node)");
        }

        // A broker that cannot be used fails the benchmark now, not after the local case.
        try
        {
            Broker.ConnectAsync(uri, "fedactors-bench", ConnectTimeout).GetAwaiter().GetResult().DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (ClusterException e)
        {
            throw new BenchmarkException(e.Message);
        }

        var work = Work.Create(context);
        try
        {
            foreach (var row in MeasureLocal(context, work))
            {
                yield return row;
            }

            foreach (var workers in new[] { 1, 2 })
            {
                foreach (var row in MeasureCluster(context, work, uri, workers))
                {
                    yield return row;
                }
            }
        }
        finally
        {
            work.Dispose();
        }
    }

    private IReadOnlyList<BenchRow> MeasureLocal(BenchContext context, Work work)
    {
        var threads = work.Settings.Trainer.EffectiveWorkers;
        context.Info($"cluster local: a TorchTrainer with {threads} worker thread(s), as cluster.mode = local runs jobs");
        using var slots = new SemaphoreSlim(threads, threads);

        async Task<T> OnThread<T>(Func<T> job)
        {
            await slots.WaitAsync().ConfigureAwait(false);
            try
            {
                return await Task.Factory.StartNew(job, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        return MeasureCase(context, work, "local",
            job => OnThread(() => work.Local.Train(job)),
            job => OnThread(() => work.Local.Evaluate(job)));
    }

    private IReadOnlyList<BenchRow> MeasureCluster(BenchContext context, Work work, string uri, int count)
    {
        var label = $"workers-{count}";
        var queue = $"fedactors.bench.{Guid.NewGuid():N}";
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        context.Info($"cluster {label}: queue {queue} on {Broker.WithoutPassword(uri)}, {count} in-process worker(s) with concurrency 1");
        try
        {
            return MeasureClusterAsync(context, work, uri, queue, secret, label, count).GetAwaiter().GetResult();
        }
        catch (ClusterException e)
        {
            throw new BenchmarkException($"{label}: {e.Message}");
        }
        finally
        {
            DeleteQueueAsync(context, uri, queue).GetAwaiter().GetResult();
        }
    }

    private async Task<IReadOnlyList<BenchRow>> MeasureClusterAsync(
        BenchContext context, Work work, string uri, string queue, string secret, string label, int count)
    {
        var options = new RabbitMqTrainerOptions(
            uri, secret, queue, ClusterSettings.Local.DeliveryLimit, ClusterSettings.Local.MaxMessageBytes, ConnectTimeout, work.RecipeBytes);
        await using var coordinator = await RabbitMqTrainer.StartAsync(options).ConfigureAwait(false);
        var workerOptions = new ClusterWorkerOptions(
            uri, secret, queue, Concurrency: 1, MaxJobBytes: 64L << 20, MaxSamples: 1_000_000, MaxStateFloats: 100_000_000,
            FetchTimeout: TimeSpan.FromSeconds(60), ConnectTimeout);
        var log = TextWriter.Synchronized(context.Progress);
        using var stop = new CancellationTokenSource();
        var workers = new List<ClusterWorker>();
        var running = new List<Task>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                // Per-job lines would drown the progress; the rest (loading the recipe, stopping with counts) is kept.
                var worker = new ClusterWorker(workerOptions, WorkerTrainers.Create, line =>
                {
                    if (!line.Contains(" done in ", StringComparison.Ordinal))
                    {
                        log.WriteLine($"  {line}");
                    }
                });
                workers.Add(worker);
                running.Add(Task.Run(() => worker.RunAsync(stop.Token)));
            }

            await WaitForConsumersAsync(uri, queue, count, running).ConfigureAwait(false);

            // Every worker builds its trainer (loads MNIST) on its first job: warm them all up before timing anything.
            var warm = Stopwatch.StartNew();
            while (workers.Any(w => w.Counters["completed"] == 0))
            {
                if (warm.Elapsed > StartTimeout)
                {
                    throw new BenchmarkException($"{label}: not every worker finished a warm-up job within {StartTimeout.TotalSeconds:0} s");
                }

                await Task.WhenAll(Enumerable.Range(0, 2 * count).Select(i => Await(coordinator.TrainAsync(work.TrainJob(i)), label))).ConfigureAwait(false);
            }

            context.Info($"cluster {label}: {count} worker(s) warm after {warm.Elapsed.TotalSeconds:0.0} s");
            var rows = MeasureCase(context, work, label,
                job => coordinator.TrainAsync(job),
                job => coordinator.EvaluateAsync(job));
            context.Info($"cluster {label}: jobs per worker: {string.Join(", ", workers.Select(w => w.Counters["completed"]))}; coordinator: {coordinator.Counters}");
            return rows;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var task in running)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped while starting.
                }
                catch (ClusterException)
                {
                    // Reported by WaitForConsumersAsync.
                }
            }

            foreach (var worker in workers)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>jobs-per-second of a batch submitted at once, and seconds-per-round of quickstart rounds.</summary>
    private IReadOnlyList<BenchRow> MeasureCase(
        BenchContext context, Work work, string label, Func<TrainJob, Task<TrainResult>> train, Func<EvalJob, Task<EvalResult>> evaluate)
    {
        // A batch is a fixed amount of work, long enough (100 jobs) that the first and last jobs' latencies matter little.
        var batch = context.Quick ? 10 : 100;
        var plan = context.Quick ? IterationPlan.Quick : new IterationPlan(1, TimeSpan.Zero, 3, 3, TimeSpan.Zero);
        long next = 0;
        var jobsPerSecond = FedActors.Cli.Bench.Measure.MedianRate(context, $"cluster {label} batch of {batch} jobs", plan, () =>
        {
            var jobs = Enumerable.Range(0, batch).Select(_ => Await(train(work.TrainJob(next++)), label)).ToArray();
            Task.WhenAll(jobs).GetAwaiter().GetResult();
            return batch;
        });

        var rounds = context.Quick ? 1 : 5;
        var model = work.Initial;
        var times = new List<double>();
        double accuracy = 0;
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 is a warm-up; its time is not kept.
            var clock = Stopwatch.StartNew();
            var clients = Enumerable.Range(0, work.ClientsPerRound).Select(c => (round * work.ClientsPerRound + c) % work.Clients).ToArray();
            var results = Task.WhenAll(clients.Select(c => Await(train(work.TrainJob(c, model, (ulong)round)), label))).GetAwaiter().GetResult();
            // FedAvg with weighting = samples: the sample-weighted mean of the trained states, i.e. zero plus their weighted sum.
            model = FedAvg.Aggregate(
                new float[model.Length],
                results.Select(r => r.State).ToArray(),
                results.Select(r => (long)r.Samples).ToArray(),
                Enumerable.Repeat(1.0, results.Length).ToArray());
            var eval = Await(evaluate(work.TestJob(model)), label).GetAwaiter().GetResult();
            if (round > 0)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }

            accuracy = EvaluationMetrics.Accuracy(eval.Confusion);
        }

        var secondsPerRound = FedActors.Cli.Bench.Measure.Median(times);
        context.Info($"cluster {label}: {rounds} round(s) of {work.ClientsPerRound} training jobs and a {work.TestCount}-sample evaluation: "
            + $"median {secondsPerRound:0.###} s, min {times.Min():0.###} s, max {times.Max():0.###} s; test accuracy after them {accuracy:P1}");
        return
        [
            new BenchRow(Name, label, "jobs-per-second", jobsPerSecond, "jobs/s"),
            new BenchRow(Name, label, "seconds-per-round", secondsPerRound, "s"),
        ];
    }

    /// <summary>A job's task with the benchmark's time limit, failing with a message rather than hanging.</summary>
    private static async Task<T> Await<T>(Task<T> job, string label)
    {
        try
        {
            return await job.WaitAsync(JobTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BenchmarkException($"{label}: a job did not finish within {JobTimeout.TotalMinutes:0} minutes");
        }
        catch (ClusterException e)
        {
            throw new BenchmarkException($"{label}: a job failed: {e.Message}");
        }
    }

    /// <summary>Waits until <paramref name="count"/> workers consume <paramref name="queue"/> (a worker polls for the queue every second).</summary>
    private static async Task WaitForConsumersAsync(string uri, string queue, int count, IReadOnlyList<Task> workers)
    {
        await using var broker = await Broker.ConnectAsync(uri, "fedactors-bench", ConnectTimeout).ConfigureAwait(false);
        await using var channel = await broker.Connection.CreateChannelAsync().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (workers.FirstOrDefault(w => w.IsCompleted) is { } ended)
            {
                await ended.ConfigureAwait(false);
                throw new BenchmarkException("a worker stopped before it consumed the job queue");
            }

            var declared = await channel.QueueDeclarePassiveAsync(queue).ConfigureAwait(false);
            if (declared.ConsumerCount >= count)
            {
                return;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new BenchmarkException($"only {declared.ConsumerCount} of {count} workers consumed queue {queue} within {StartTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the case's job queue and its dead-letter queue; the reply and fetch queues go with their connections.</summary>
    private static async Task DeleteQueueAsync(BenchContext context, string uri, string queue)
    {
        try
        {
            await using var broker = await Broker.ConnectAsync(uri, "fedactors-bench", ConnectTimeout).ConfigureAwait(false);
            await using var channel = await broker.Connection.CreateChannelAsync().ConfigureAwait(false);
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false).ConfigureAwait(false);
            await channel.QueueDeleteAsync(Broker.DeadLetterQueue(queue), ifUnused: false, ifEmpty: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClusterException or RabbitMQ.Client.Exceptions.OperationInterruptedException or IOException)
        {
            context.Info($"cluster: could not delete queue {queue}: {e.Message}");
        }
    }

    /// <summary>The quickstart-like run every case works on: its recipe, data, partition, model and jobs.</summary>
    private sealed class Work : IDisposable
    {
        private readonly string _trainName;
        private readonly string _testName;
        private readonly ModelSpec _spec;
        private readonly TrainingHyperParameters _hyper;
        private readonly Partition _partition;
        private readonly int[] _testIndices;

        private Work(SimulationSettings settings, byte[] recipe, TorchTrainer local, AttackWiring.Datasets datasets)
        {
            Settings = settings;
            RecipeBytes = recipe;
            Local = local;
            _trainName = datasets.TrainName;
            _testName = datasets.TestName;
            _spec = SimulationRunner.ModelSpecFor(settings, datasets.Data);
            _hyper = settings.Trainer.ToHyperParameters();
            _partition = Partitioners.Create(settings.Data.Partition).Split(datasets.Train.Labels, settings.Data.Classes, settings.Run.Clients, settings.Run.Seed);
            _testIndices = Enumerable.Range(0, datasets.Test.Count).ToArray();
            using var model = TorchModel.Create(_spec);
            Initial = model.InitialState(settings.Run.Seed);
        }

        public SimulationSettings Settings { get; }

        /// <summary>The run's recorded configuration (config.json), which workers fetch to build their trainers.</summary>
        public byte[] RecipeBytes { get; }

        public TorchTrainer Local { get; }

        public float[] Initial { get; }

        public int Clients => Settings.Run.Clients;

        public int ClientsPerRound => Settings.Run.ClientsPerRound;

        public int TestCount => _testIndices.Length;

        public static Work Create(BenchContext context)
        {
            var config = ConfigurationFactory.ParseString(QuickstartRecipe.Hocon("bench-cluster", clients: 100, perRound: 10, rounds: 20, attack: false), "bench cluster").WithFallback(ConfigLoader.Reference()).Resolve();
            var settings = SimulationSettings.FromConfig(config);
            var recipe = Encoding.UTF8.GetBytes(RunDirectory.RecordedJson(config, indented: false));
            var (local, datasets) = SimulationRunner.LocalTrainerWithData(settings);
            try
            {
                var work = new Work(settings, recipe, local, datasets);
                context.Info($"cluster: libtorch {TorchRuntime.LibtorchVersion}, {TorchRuntime.IntraOpThreads} intra-op thread(s) per job; "
                    + $"{work.Clients} clients of ~{datasets.Train.Count / work.Clients} {settings.Data.Name} samples, model {settings.Model.Name} "
                    + $"({work.Initial.Length:N0} parameters), {settings.Trainer.LocalEpochs} local epoch(s) at batch {settings.Trainer.BatchSize}");
                return work;
            }
            catch
            {
                local.Dispose();
                throw;
            }
        }

        /// <summary>The <paramref name="n"/>-th job of a batch: a client's shard trained from the initial model.</summary>
        public TrainJob TrainJob(long n) => TrainJob((int)(n % Clients), Initial, (ulong)n);

        public TrainJob TrainJob(int client, float[] model, ulong seed) =>
            new(_spec, _trainName, model, new SampleSelection(_partition.Indices(client)), _hyper, StableRandom.Derive(seed, client));

        public EvalJob TestJob(float[] model) => new(_spec, _testName, model, new SampleSelection(_testIndices));

        public void Dispose() => Local.Dispose();
    }
}
