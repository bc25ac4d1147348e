using System.Diagnostics;
using FedActors.Actors;
using FedActors.Cluster;
using FedActors.Data;
using FedActors.Persistence;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Run;

/// <summary>Builds the aggregator's props; <c>fedactors run</c> passes <c>Aggregator.Props</c>, tests a fake.</summary>
public delegate Props AggregatorPropsFactory(
    AggregatorSetup setup, IReadOnlyList<IActorRef> clients, IActorRef trainerPool, ModelStore models, IActorRef listener);

/// <summary>
/// Plays one simulated run: loads and partitions the data, registers it with a <see cref="TorchTrainer"/>, starts the
/// actors (trainer pool, clients, attacker coalition, aggregator, a listener) and waits for <see cref="RunFinished"/>.
/// </summary>
public sealed class SimulationRunner
{
    private const long MaliciousSalt = 0x4D41_4C49; // "MALI"
    private const long ModelSalt = 0x4D4F_4445; // "MODE"

    private readonly AggregatorPropsFactory _aggregatorProps;
    private readonly Func<ITrainer, ITrainer>? _wrapTrainer;
    private readonly VectorPool? _states;

    /// <param name="aggregatorProps">Builds the aggregator's props.</param>
    /// <param name="wrapTrainer">
    /// Decorates the trainer that the local trainer pool runs every job on (<c>bench overhead</c> records the jobs with
    /// it); null runs them on the <see cref="TorchTrainer"/> itself. Not used in rabbitmq mode, where workers train.
    /// </param>
    /// <param name="states">The pool the local trainer rents trained states from (<see cref="VectorPool.Shared"/> when null).</param>
    public SimulationRunner(AggregatorPropsFactory aggregatorProps, Func<ITrainer, ITrainer>? wrapTrainer = null, VectorPool? states = null)
    {
        ArgumentNullException.ThrowIfNull(aggregatorProps);
        _aggregatorProps = aggregatorProps;
        _wrapTrainer = wrapTrainer;
        _states = states;
    }

    /// <summary>The malicious clients: <paramref name="count"/> of <paramref name="clients"/>, drawn from the run seed.</summary>
    public static IReadOnlySet<int> ChooseMalicious(ulong runSeed, int clients, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, clients);
        var ids = Enumerable.Range(0, clients).ToArray();
        new StableRandom(StableRandom.Derive(runSeed, MaliciousSalt)).Shuffle(ids.AsSpan());
        return ids.Take(count).ToHashSet();
    }

    /// <summary>The run's model, shaped for its data; a model that cannot take the data's samples fails here, before any training.</summary>
    public static ModelSpec ModelSpecFor(SimulationSettings settings, RunData data)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        var spec = ModelZoo.Create(settings.Model.Name, data.Train.SampleShape, settings.Data.Classes, settings.Model.Hidden.ToArray());
        if (!spec.InputShape.SequenceEqual(data.Train.SampleShape))
        {
            throw new ArgumentException(
                $"model.name = {settings.Model.Name} takes samples of {string.Join('x', spec.InputShape)}, but data.name = {settings.Data.Name} has samples of " +
                $"{string.Join('x', data.Train.SampleShape)}: choose a model for this data (`fedactors models` lists them)");
        }

        return spec;
    }

    /// <summary>
    /// Loads the run's data (as the model wants it) and registers its train and test sets with <paramref name="trainer"/>
    /// under the names jobs use (with none, only loads it: workers train); <c>fedactors worker</c> builds its datasets the
    /// same way.
    /// </summary>
    internal static AttackWiring.Datasets RegisterDatasets(SimulationSettings settings, TorchTrainer? trainer)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = RunData.Load(settings.Data, settings.Run.Seed).ForModel(settings.Model.Name);
        var names = new AttackWiring.Datasets($"{settings.Data.Name}-train", data.Train, $"{settings.Data.Name}-test", data.Test);
        trainer?.RegisterDataset(names.TrainName, data.Train.Features, data.Train.SampleShape, data.Train.Labels, settings.Data.Classes);
        trainer?.RegisterDataset(names.TestName, data.Test.Features, data.Test.SampleShape, data.Test.Labels, settings.Data.Classes);
        return names;
    }

    /// <summary>
    /// A local trainer of the run's device with every dataset its jobs name registered: the train and test sets and the
    /// attack's extra ones. <c>fedactors worker</c> trains with it, and the benchmarks that replay a run's jobs straight
    /// through a trainer. The trainer is disposed again when loading the data fails.
    /// </summary>
    internal static (TorchTrainer Trainer, AttackWiring.Datasets Datasets) LocalTrainerWithData(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var trainer = settings.Trainer.CreateLocalTrainer();
        try
        {
            var datasets = RegisterDatasets(settings, trainer);
            AttackWiring.RegisterExtraDatasets(settings.Attack, settings.Run.Seed, datasets, trainer);
            return (trainer, datasets);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the simulation described by <paramref name="settings"/>, or continues it when the run directory's journal
    /// already has its events (the aggregator recovers and goes on from there).
    /// </summary>
    /// <param name="directory">The run directory (journal.db goes there when persistence.journal = sqlite).</param>
    /// <param name="onRound">Called (on an actor thread) with each round's report, recovered ones first.</param>
    public async Task<RunResult> RunAsync(SimulationSettings settings, RunDirectory directory, Action<RoundReport>? onRound = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(directory);
        var stopwatch = Stopwatch.StartNew();
        var run = settings.Run;
        // In rabbitmq mode workers train: the coordinator needs the data (shards, attacks) but no trainer of its own.
        using var trainer = settings.Cluster.Mode == ClusterMode.RabbitMq ? null : settings.Trainer.CreateLocalTrainer(_states);
        var datasets = RegisterDatasets(settings, trainer);
        var (data, trainName, testName) = (datasets.Data, datasets.TrainName, datasets.TestName);
        var classes = settings.Data.Classes;
        var partition = Partitioners.Create(settings.Data.Partition).Split(data.Train.Labels, classes, run.Clients, run.Seed);
        var spec = ModelSpecFor(settings, data);
        float[] initial;
        using (var model = TorchModel.Create(spec))
        {
            initial = model.InitialState(StableRandom.Derive(run.Seed, ModelSalt));
        }

        var attack = settings.Attack;
        var malicious = attack.Kind == AttackKind.None ? new HashSet<int>() : ChooseMalicious(run.Seed, run.Clients, attack.MaliciousClients);
        var shards = malicious.Order().ToDictionary(id => id, id => (IReadOnlyList<int>)partition.Indices(id).ToArray());
        var (poisoning, evaluation) = AttackWiring.Build(attack, run.Seed, datasets, shards, trainer);

        // In rabbitmq mode the jobs go to workers, which fetch this run's recorded configuration (config.json, without
        // secrets) as the recipe for building the same datasets from their own data cache.
        await using var cluster = settings.Cluster.Mode == ClusterMode.RabbitMq
            ? await RabbitMqTrainer.StartAsync(
                new RabbitMqTrainerOptions(
                    settings.Cluster.Broker,
                    settings.Cluster.Secret,
                    settings.Cluster.Queue,
                    settings.Cluster.DeliveryLimit,
                    settings.Cluster.MaxMessageBytes,
                    settings.Cluster.ConnectTimeout,
                    await File.ReadAllBytesAsync(directory.ConfigPath, cancellationToken).ConfigureAwait(false)),
                cancellationToken).ConfigureAwait(false)
            : null;
        using var storage = RunStorage.Open(settings.Persistence, directory);
        var systemSettings = new ActorSystemSettings { Journal = storage.Journal };
        using var system = ActorSystem.Create("fedactors-run", systemSettings);
        try
        {
            var workers = settings.Trainer.EffectiveWorkers;
            var pool = cluster is not null
                ? system.ActorOf(AsyncTrainerPool.Props(cluster), "trainer-pool")
                : system.ActorOf(TrainerPool.Props(_wrapTrainer?.Invoke(trainer!) ?? trainer!, workers, queueCapacity: workers * 2), "trainer-pool");
            var models = new ModelStore(storage.Blobs);
            IActorRef? coalition = null;
            if (attack.Kind != AttackKind.None && malicious.Count > 0)
            {
                var fedAvg = settings.Defense.Aggregator as FedAvgStageSettings;
                var federation = new CoalitionFederation(
                    run.Clients,
                    run.ClientsPerRound,
                    malicious,
                    fedAvg?.ServerLearningRate ?? 1.0,
                    fedAvg?.Weighting == FedAvgWeighting.Uniform ? Weighting.Uniform : Weighting.Samples,
                    data.Train.Labels,
                    run.RoundTimeout);
                var coalitionSetup = new CoalitionSetup(trainName, spec, run.Seed, attack.Timing, poisoning)
                {
                    Masking = attack.Masking,
                    ModelPoisoning = attack.ModelPoisoning,
                    Federation = federation,
                };
                coalition = system.ActorOf(AttackerCoalition.Props(coalitionSetup, pool, models), "coalition");
            }

            var clients = new List<IActorRef>(run.Clients);
            for (var id = 0; id < run.Clients; id++)
            {
                var setup = new ClientSetup(id, trainName, partition.Indices(id), spec, run.Seed) { Masking = attack.Masking };
                clients.Add(system.ActorOf(ClientActor.Props(setup, pool, models, malicious.Contains(id) ? coalition : null), $"client-{id}"));
            }

            var finished = new TaskCompletionSource<RunFinished>(TaskCreationOptions.RunContinuationsAsynchronously);
            var listener = system.ActorOf(RunListener.Props(onRound ?? (_ => { }), finished), "listener");
            var aggregatorSetup = new AggregatorSetup(
                directory.PersistenceId,
                settings,
                spec,
                initial,
                testName,
                Enumerable.Range(0, data.Test.Count).ToArray(),
                evaluation,
                malicious)
            {
                BenignObserver = attack.ModelPoisoning.NeedsBenignUpdates ? coalition : null,
                TestData = data.Test,
            };
            var aggregator = system.ActorOf(_aggregatorProps(aggregatorSetup, clients, pool, models, listener), "aggregator");
            listener.Tell(new RunListener.WatchAggregator(aggregator));
            aggregator.Tell(StartRun.Instance);

            // A backstop in case the aggregator hangs: every round may take its full timeout, plus a margin.
            var limit = TimeSpan.FromTicks(run.RoundTimeout.Ticks * (run.Rounds + 1)) + TimeSpan.FromMinutes(5);
            var done = await finished.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            stopwatch.Stop();
            return new RunResult(run.Name, ModelHash.Sha256(done.FinalModel), done.FinalModel, done.Rounds, stopwatch.Elapsed)
            {
                Cluster = cluster?.Counters.Snapshot(),
            };
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
