using FedActors.Actors;
using FedActors.Actors.TestKit;
using FedActors.Persistence;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

public sealed class AggregatorTests(SyntheticTorchFixture torch) : TestKit, IClassFixture<SyntheticTorchFixture>
{
    private const int Clients = 6;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Every client trains on 10 of the 60 synthetic samples; the model is evaluated on all of them (learnability, not generalization).</summary>
    private static readonly int[] TestIndices = Enumerable.Range(0, 60).ToArray();

    [Fact]
    public void StartRun_ThreeRoundsOfSixClients_FinishesWithEveryRoundReportedAndAccuracyNotFalling()
    {
        var settings = Settings(seed: 7, rounds: 3);

        var (finished, reports) = Run(settings, "agg-three-rounds");

        Assert.Equal([0, 1, 2], reports.Select(r => r.Round));
        Assert.Equal(reports, finished.Rounds);
        Assert.All(reports, r => Assert.Equal((3, 0, 0), (r.Received, r.Rejected, r.TimedOut)));
        Assert.All(reports, r => Assert.Equal(new DetectionCounts(0, 0, 0, 3), r.Detection[Aggregator.FedAvgStage]));
        Assert.All(reports, r => Assert.Equal(6L * torch.InitialState.Length * sizeof(float), r.BytesMoved));
        Assert.Equal(ModelHash.Sha256(finished.FinalModel), finished.FinalModelHash);
        Assert.Equal(reports[^1].ModelHash, finished.FinalModelHash);
        Assert.NotEqual(ModelHash.Sha256(torch.InitialState), finished.FinalModelHash);
        Assert.True(reports[^1].Accuracy >= reports[0].Accuracy, $"accuracy fell from {reports[0].Accuracy} to {reports[^1].Accuracy}");
        Assert.True(reports[^1].Accuracy > 0.5, $"final accuracy {reports[^1].Accuracy} on learnable data");
    }

    [Fact]
    public void StartRun_EvalEveryTwo_ReportsOnlyEvaluatedRoundsAndAlwaysTheLast()
    {
        var settings = Settings(seed: 7, rounds: 3, extra: "metrics.eval-every = 2");

        var (finished, reports) = Run(settings, "agg-eval-every");

        Assert.Equal([1, 2], reports.Select(r => r.Round));
        var events = Journal("agg-eval-every");
        Assert.Equal([0, 1, 2], events.OfType<RoundEvaluated>().Select(e => e.Round));
        Assert.DoesNotContain("accuracy", events.OfType<RoundEvaluated>().First().Metrics.Keys);
        Assert.Contains("accuracy", events.OfType<RoundEvaluated>().Last().Metrics.Keys);
        Assert.Equal(reports[^1].ModelHash, finished.FinalModelHash);
    }

    [Fact]
    public void StartRun_TestSetInChunks_EvaluatesEachChunkAsAJob_WithTheMetricsOfOneJob()
    {
        // Arrange: 600 test samples (the 60 repeated ten times), in chunks of 256 and in one job of them all.
        var test = Enumerable.Range(0, 10).SelectMany(_ => TestIndices).ToArray();
        var chunked = new EvalRecordingTrainer(torch.Trainer);
        var whole = new EvalRecordingTrainer(torch.Trainer);

        // Act
        var (chunkedRun, chunkedReports) = Run(Settings(seed: 7, rounds: 2, extra: "metrics.eval-chunk = 256"), "agg-eval-chunks", trainer: chunked, testIndices: test);
        var (wholeRun, wholeReports) = Run(Settings(seed: 7, rounds: 2, extra: "metrics.eval-chunk = 768"), "agg-eval-whole", trainer: whole, testIndices: test);

        // Assert: each round's evaluation was three jobs against one, and every metric is the same.
        Assert.Equal([88, 88, 256, 256, 256, 256], chunked.EvalSizes.Order());
        Assert.Equal([600, 600], whole.EvalSizes);
        Assert.Equal(wholeRun.FinalModelHash, chunkedRun.FinalModelHash);
        Assert.Equal(wholeReports.Select(r => (r.Round, r.Accuracy)), chunkedReports.Select(r => (r.Round, r.Accuracy)));
        Assert.Equal(wholeReports.Select(r => r.PerClassAccuracy), chunkedReports.Select(r => r.PerClassAccuracy));
        Assert.All(chunkedReports, r => Assert.InRange(r.Accuracy, 0, 1));
    }

    [Fact]
    public void StartRun_SameSeedTwice_SameFinalModel_AnotherSeed_AnotherModel()
    {
        var first = Run(Settings(seed: 7, rounds: 2), "agg-seed-a").Finished;
        var again = Run(Settings(seed: 7, rounds: 2), "agg-seed-b").Finished;
        var other = Run(Settings(seed: 8, rounds: 2), "agg-seed-c").Finished;

        Assert.Equal(first.FinalModelHash, again.FinalModelHash);
        Assert.NotEqual(first.FinalModelHash, other.FinalModelHash);
    }

    [Fact]
    public void RoundDeadline_ClientNeverAnswers_IsTimedOutAndJournaled()
    {
        var settings = Settings(seed: 7, rounds: 1, roundTimeout: SilentClientRoundTimeout);
        var silent = ClientSampler.Sample(settings.Run.Seed, 0, Clients, 3)[0];
        var probe = CreateTestProbe();

        var (finished, reports) = Run(settings, "agg-timeout", id => id == silent ? probe.Ref : null);

        var request = probe.ExpectMsg<TrainRequest>(Timeout);
        Assert.Equal(0, request.Round);
        Assert.Equal((2, 0, 1), (reports[0].Received, reports[0].Rejected, reports[0].TimedOut));
        var events = Journal("agg-timeout");
        Assert.Equal([new ClientTimedOut(0, silent)], events.OfType<ClientTimedOut>());
        Assert.DoesNotContain(silent, events.OfType<RoundAggregated>().Single().Weights.Keys);
        Assert.Equal(finished.FinalModelHash, events.OfType<RoundAggregated>().Single().NewModelHash);
    }

    [Fact]
    public void UpdateSubmitted_WithOrWithoutItsHash_JournalsTheUpdatesSha256()
    {
        // Arrange: of a round's three clients, one hashes its update, one leaves that to the aggregator, and one
        // trains for real (its client actor hashes).
        var settings = Settings(seed: 7, rounds: 1);
        var selected = ClientSampler.Sample(settings.Run.Seed, 0, Clients, 3);
        var dimension = torch.InitialState.Length;
        var hashed = Sys.ActorOf(Props.Create(() => new ScriptedClient(selected[0], () => Enumerable.Repeat(0.01f, dimension).ToArray(), true)));
        var unhashed = Sys.ActorOf(Props.Create(() => new ScriptedClient(selected[1], () => Enumerable.Repeat(-0.02f, dimension).ToArray(), false)));

        // Act
        Run(settings, "agg-update-hashes", id => id == selected[0] ? hashed : id == selected[1] ? unhashed : null);

        // Assert
        var received = Journal("agg-update-hashes").OfType<UpdateReceived>().ToDictionary(e => e.ClientId, e => e.Sha256);
        Assert.Equal(ModelHash.Sha256(Enumerable.Repeat(0.01f, dimension).ToArray()), received[selected[0]]);
        Assert.Equal(ModelHash.Sha256(Enumerable.Repeat(-0.02f, dimension).ToArray()), received[selected[1]]);
        Assert.Matches("^[0-9a-f]{64}$", received[selected[2]]);
        Assert.Equal(3, received.Count);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("length")]
    [InlineData("norm")]
    public void UpdateSubmitted_InvalidUpdate_IsRejectedAndNeverAggregated(string kind)
    {
        // Arrange: the same round, once with the bad client and once with a client that never answers.
        var settings = Settings(seed: 7, rounds: 1, roundTimeout: SilentClientRoundTimeout);
        var bad = ClientSampler.Sample(settings.Run.Seed, 0, Clients, 3)[0];
        var dimension = torch.InitialState.Length;
        float[] Update() => kind switch
        {
            "nan" => [float.NaN, .. new float[dimension - 1]],
            "inf" => [.. new float[dimension - 1], float.PositiveInfinity],
            "length" => new float[dimension + 1],
            _ => Enumerable.Repeat(1000f, dimension).ToArray(),
        };
        var scripted = Sys.ActorOf(Props.Create(() => new ScriptedClient(bad, Update)));
        var pid = $"agg-reject-{kind}";

        // Act
        var (rejected, reports) = Run(settings, pid, id => id == bad ? scripted : null);
        var (withoutIt, _) = Run(settings, $"{pid}-silent", id => id == bad ? CreateTestProbe().Ref : null);

        // Assert
        var events = Journal(pid);
        var rejection = Assert.Single(events.OfType<UpdateRejected>());
        Assert.Equal((0, bad), (rejection.Round, rejection.ClientId));
        Assert.DoesNotContain(events.OfType<UpdateReceived>(), e => e.ClientId == bad);
        Assert.Equal((2, 1, 0), (reports[0].Received, reports[0].Rejected, reports[0].TimedOut));
        Assert.All(rejected.FinalModel, w => Assert.True(float.IsFinite(w)));
        Assert.Equal(withoutIt.FinalModelHash, rejected.FinalModelHash);
    }

    [Fact]
    public void TrainingFailed_IsJournaledAsARejectionWithItsReason_AndTheRoundGoesOnWithoutIt()
    {
        var settings = Settings(seed: 7, rounds: 1, roundTimeout: SilentClientRoundTimeout);
        var failing = ClientSampler.Sample(settings.Run.Seed, 0, Clients, 3)[0];
        var scripted = Sys.ActorOf(Props.Create(() => new FailingClient(failing)));

        var (failed, reports) = Run(settings, "agg-failed", id => id == failing ? scripted : null);
        var (withoutIt, _) = Run(settings, "agg-failed-silent", id => id == failing ? CreateTestProbe().Ref : null);

        var events = Journal("agg-failed");
        var rejection = Assert.Single(events.OfType<UpdateRejected>());
        Assert.Equal((0, failing), (rejection.Round, rejection.ClientId));
        Assert.Equal("training failed: job dead-lettered", rejection.Reason);
        Assert.Empty(events.OfType<ClientTimedOut>());
        Assert.Equal((2, 1, 0), (reports[0].Received, reports[0].Rejected, reports[0].TimedOut));
        Assert.Equal(withoutIt.FinalModelHash, failed.FinalModelHash);
    }

    [Fact]
    public void UpdateSubmitted_OfAnotherRoundOrUnselectedClient_IsIgnored()
    {
        var settings = Settings(seed: 7, rounds: 1);
        var selected = ClientSampler.Sample(settings.Run.Seed, 0, Clients, 3);
        var unselected = Enumerable.Range(0, Clients).First(c => !selected.Contains(c));
        var probes = Enumerable.Range(0, Clients).Select(_ => CreateTestProbe()).ToArray();
        var listener = CreateTestProbe();
        var aggregator = Sys.ActorOf(Aggregator.Props(Setup(settings, "agg-ignore"), [.. probes.Select(p => p.Ref)], CreateTestProbe().Ref, new ModelStore(), listener.Ref));

        aggregator.Tell(StartRun.Instance, listener.Ref);
        var request = probes[selected[0]].ExpectMsg<TrainRequest>(Timeout);
        var update = new float[torch.InitialState.Length];
        aggregator.Tell(new UpdateSubmitted(1, request.RequestId, selected[0], 10, update), probes[selected[0]].Ref);
        aggregator.Tell(new UpdateSubmitted(0, request.RequestId + 100, selected[0], 10, update), probes[selected[0]].Ref);
        aggregator.Tell(new UpdateSubmitted(0, request.RequestId, unselected, 10, update), probes[unselected].Ref);
        aggregator.Tell(new UpdateSubmitted(0, request.RequestId, selected[0], 10, update), probes[selected[0]].Ref);
        aggregator.Tell(new UpdateSubmitted(0, request.RequestId, selected[0], 10, update), probes[selected[0]].Ref);

        AwaitCondition(() => Journal("agg-ignore").OfType<UpdateReceived>().Any(), Timeout);
        listener.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var events = Journal("agg-ignore");
        Assert.Equal([selected[0]], events.OfType<UpdateReceived>().Select(e => e.ClientId));
        Assert.Empty(events.OfType<UpdateRejected>());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void StartRun_AfterTheAggregatorStoppedMidRound_ResumesToTheUninterruptedModel(bool storeUpdates, bool foolsGold)
    {
        // With FoolsGold, round 1 needs the history of round 0: it comes back from the journal (RoundAggregated.StageStates).
        var pipeline = foolsGold ? "defense.pipeline = [{ type = foolsgold }, { type = fedavg }]\nfedactors." : string.Empty;
        var settings = Settings(seed: 7, rounds: 3, extra: $"{pipeline}persistence.store-updates = {(storeUpdates ? "on" : "off")}");
        var models = new ModelStore(new InMemoryBlobStore());
        var expected = Run(settings, $"agg-resume-ref-{storeUpdates}-{foolsGold}", models: models).Finished;
        var pid = $"agg-resume-{storeUpdates}-{foolsGold}";
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 8));
        var clients = Enumerable.Range(0, Clients).Select(id => Sys.ActorOf(ClientActor.Props(ClientSetup(id, settings.Run.Seed), pool, models))).ToList();
        var first = Sys.ActorOf(Aggregator.Props(Setup(settings, pid), clients, pool, models, CreateTestProbe().Ref));
        Watch(first);

        // Stopped once round 1 has one update journaled: its other updates and its pipeline are lost.
        first.Tell(StartRun.Instance);
        AwaitCondition(() => Journal(pid).OfType<UpdateReceived>().Any(e => e.Round == 1), Timeout, TimeSpan.FromMilliseconds(1));
        Sys.Stop(first);
        ExpectTerminated(first, Timeout);
        var listener = CreateTestProbe();
        var second = Sys.ActorOf(Aggregator.Props(Setup(settings, pid), clients, pool, models, listener.Ref));
        second.Tell(StartRun.Instance);

        var (finished, reports) = AwaitRun(listener);

        Assert.Equal(expected.FinalModelHash, finished.FinalModelHash);
        Assert.Equal([0, 1, 2], reports.Select(r => r.Round));
        Assert.Equal(expected.Rounds.Select(r => (r.Accuracy, r.ModelHash)), finished.Rounds.Select(r => (r.Accuracy, r.ModelHash)));
        var events = Journal(pid);
        Assert.Equal([0, 1, 2], events.OfType<RoundStarted>().Select(e => e.Round));
        Assert.Equal(9, events.OfType<UpdateReceived>().Select(e => (e.Round, e.ClientId)).Distinct().Count());
        Assert.Equal(9, events.OfType<UpdateReceived>().Count());
        Assert.Equal(foolsGold ? 6 : 3, events.OfType<StageCompleted>().Count());
        Assert.Equal(foolsGold ? 3 : 0, events.OfType<RoundAggregated>().Count(e => e.StageStates is { Count: 1 }));
    }

    [Fact]
    public async Task StartRun_OverAChaosJournalFailingWrites_RecoversAndEndsWithTheUninterruptedModel()
    {
        var settings = Settings(seed: 7, rounds: 3);
        var expected = Run(settings, "agg-chaos-ref").Finished;
        var inner = new InMemoryJournal();
        var chaos = new ChaosJournal(inner, new ChaosJournalOptions { WriteFailureRate = 0.15, Seed = 5 });
        using var system = ActorSystem.Create("chaos", new ActorSystemSettings { Journal = chaos });

        var (finished, reports) = RunIn(system, settings, "agg-chaos");

        Assert.True(chaos.InjectedWriteFailures > 0, "the chaos journal should have failed some writes");
        Assert.Equal(expected.FinalModelHash, finished.FinalModelHash);
        Assert.Equal([0, 1, 2], reports.Select(r => r.Round));
        Assert.Equal([0, 1, 2], finished.Rounds.Select(r => r.Round));
        var events = new List<object>();
        await inner.ReplayMessagesAsync("agg-chaos", 1, long.MaxValue, long.MaxValue, e => events.Add(e.Payload));
        Assert.Equal([0, 1, 2], events.OfType<RoundStarted>().Select(e => e.Round));
        Assert.Equal([0, 1, 2], events.OfType<RoundEvaluated>().Select(e => e.Round));
        Assert.Equal(9, events.OfType<UpdateReceived>().Select(e => (e.Round, e.ClientId)).Distinct().Count());
        Assert.Equal(9, events.OfType<UpdateReceived>().Count());
        await system.Terminate().WaitAsync(Timeout);
    }

    [Fact]
    public async Task StartRun_JournalsEachRoundsEndWithTheNextRoundsStart_InOneWrite()
    {
        var settings = Settings(seed: 7, rounds: 3);
        var journal = new BatchRecordingJournal();
        using var system = ActorSystem.Create("batches", new ActorSystemSettings { Journal = journal });

        var (_, reports) = RunIn(system, settings, "agg-batches");

        Assert.Equal([0, 1, 2], reports.Select(r => r.Round));
        var batches = journal.Batches.Select(b => b.Select(m => m.Payload).ToList()).ToList();
        var ends = batches.Where(b => b.OfType<RoundEvaluated>().Any()).ToList();
        Assert.Equal(3, ends.Count);
        Assert.Equal([(0, 1), (1, 2)], ends.Take(2).Select(b => (b.OfType<RoundEvaluated>().Single().Round, b.OfType<RoundStarted>().Single().Round)));
        Assert.Equal([typeof(RoundEvaluated), typeof(RoundStarted)], ends[0].Select(e => e.GetType()));
        Assert.Equal([typeof(RoundEvaluated)], ends[2].Select(e => e.GetType()));
        await system.Terminate().WaitAsync(Timeout);
    }

    [Fact]
    public async Task StartRun_OverASlowJournal_TakesRepliesDuringWrites_AndJournalsThemBeforeTheRoundGoesOn()
    {
        var settings = Settings(seed: 7, rounds: 3);
        var expected = Run(settings, "agg-slow-ref").Finished;
        var journal = new BatchRecordingJournal { WriteDelay = TimeSpan.FromMilliseconds(150) };
        using var system = ActorSystem.Create("slow", new ActorSystemSettings { Journal = journal });

        var (finished, reports) = RunIn(system, settings, "agg-slow");

        Assert.Equal(expected.FinalModelHash, finished.FinalModelHash);
        Assert.Equal([0, 1, 2], reports.Select(r => r.Round));

        // Replies that arrive while an earlier one is written share the next write.
        var batches = journal.Batches.Select(b => b.Select(m => m.Payload).ToList()).ToList();
        Assert.Contains(batches, b => b.OfType<UpdateReceived>().Count() >= 2);

        // Every round's replies are journaled after its start and before its first stage.
        var events = batches.SelectMany(b => b).ToList();
        for (var round = 0; round < 3; round++)
        {
            var started = events.FindIndex(e => e is RoundStarted s && s.Round == round);
            var staged = events.FindIndex(e => e is StageCompleted s && s.Round == round);
            var replies = events.Select((e, i) => (e, i)).Where(p => p.e is UpdateReceived u && u.Round == round).Select(p => p.i).ToList();
            Assert.Equal(3, replies.Count);
            Assert.All(replies, i => Assert.InRange(i, started + 1, staged - 1));
        }

        await system.Terminate().WaitAsync(Timeout);
    }

    [Fact]
    public void StartRun_WhenARetrainedUpdateDiffersFromTheJournal_FailsTheRunInsteadOfGoingOn()
    {
        var settings = Settings(seed: 7, rounds: 1);
        var selected = ClientSampler.Sample(settings.Run.Seed, 0, Clients, 3);
        var calls = 0;
        var probes = Enumerable.Range(0, Clients).Select(_ => CreateTestProbe()).ToArray();
        var models = new ModelStore(new InMemoryBlobStore());

        // A client whose every answer differs (a non-deterministic trainer), and silent others keeping the round open.
        IActorRef Client(int id) => id == selected[0]
            ? Sys.ActorOf(Props.Create(() => new ScriptedClient(id, () => Enumerable.Repeat((float)Interlocked.Increment(ref calls), torch.InitialState.Length).ToArray())))
            : probes[id].Ref;
        var clients = Enumerable.Range(0, Clients).Select(Client).ToList();
        var first = Sys.ActorOf(Aggregator.Props(Setup(settings, "agg-resume-differs"), clients, CreateTestProbe().Ref, models, CreateTestProbe().Ref));
        Watch(first);
        first.Tell(StartRun.Instance);
        AwaitCondition(() => Journal("agg-resume-differs").OfType<UpdateReceived>().Any(), Timeout);
        Sys.Stop(first);
        ExpectTerminated(first, Timeout);
        var listener = CreateTestProbe();
        var second = Sys.ActorOf(Aggregator.Props(Setup(settings, "agg-resume-differs"), clients, CreateTestProbe().Ref, models, listener.Ref));

        second.Tell(StartRun.Instance);

        var failed = listener.ExpectMsg<RunFailed>(Timeout);
        Assert.Contains($"client {selected[0]}'s retrained update hashes to", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("cannot be resumed exactly", failed.Reason, StringComparison.Ordinal);
        Assert.Single(Journal("agg-resume-differs").OfType<UpdateReceived>());
    }

    private (RunFinished Finished, List<RoundReport> Reports) Run(SimulationSettings settings, string persistenceId, Func<int, IActorRef?>? replace = null,
        ModelStore? models = null, ITrainer? trainer = null, int[]? testIndices = null)
    {
        models ??= new ModelStore();
        var pool = Sys.ActorOf(TrainerPool.Props(trainer ?? torch.Trainer, workers: 2, queueCapacity: 8));
        var clients = Enumerable.Range(0, Clients)
            .Select(id => replace?.Invoke(id) ?? Sys.ActorOf(ClientActor.Props(ClientSetup(id, settings.Run.Seed), pool, models)))
            .ToList();
        var listener = CreateTestProbe();
        var aggregator = Sys.ActorOf(Aggregator.Props(Setup(settings, persistenceId, testIndices), clients, pool, models, listener.Ref));

        aggregator.Tell(StartRun.Instance, listener.Ref);

        return AwaitRun(listener);
    }

    /// <summary>A run in an actor system of its own (its own journal), with a durable model store; its reports until it finishes.</summary>
    private (RunFinished Finished, List<RoundReport> Reports) RunIn(ActorSystem system, SimulationSettings settings, string persistenceId)
    {
        var models = new ModelStore(new InMemoryBlobStore());
        var pool = system.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 8));
        var clients = Enumerable.Range(0, Clients).Select(id => system.ActorOf(ClientActor.Props(ClientSetup(id, settings.Run.Seed), pool, models))).ToList();
        var listener = CreateTestProbe();
        var aggregator = system.ActorOf(Aggregator.Props(Setup(settings, persistenceId), clients, pool, models, listener.Ref));

        aggregator.Tell(StartRun.Instance);

        return AwaitRun(listener);
    }

    /// <summary>The listener's reports until <see cref="RunFinished"/>.</summary>
    private static (RunFinished Finished, List<RoundReport> Reports) AwaitRun(TestProbe listener)
    {
        var reports = new List<RoundReport>();
        while (true)
        {
            var message = listener.ReceiveN(1, Timeout)[0];
            switch (message)
            {
                case RoundCompleted completed:
                    reports.Add(completed.Report);
                    break;
                case RunFinished finished:
                    return (finished, reports);
                default:
                    Assert.Fail($"unexpected {message}");
                    break;
            }
        }
    }

    private List<object> Journal(string persistenceId)
    {
        var events = new List<object>();
        Sys.Journal.ReplayMessagesAsync(persistenceId, 1, long.MaxValue, long.MaxValue, e => events.Add(e.Payload)).GetAwaiter().GetResult();
        return events;
    }

    private AggregatorSetup Setup(SimulationSettings settings, string persistenceId, int[]? testIndices = null) =>
        new(persistenceId, settings, torch.Model, torch.InitialState, SyntheticTorchFixture.Dataset, testIndices ?? TestIndices, null, new HashSet<int>());

    private ClientSetup ClientSetup(int id, ulong seed) =>
        new(id, SyntheticTorchFixture.Dataset, Enumerable.Range(id * 10, 10).ToArray(), torch.Model, seed);

    /// <summary>
    /// The round deadline of a run where a client never answers, which only the deadline ends: long enough for the
    /// answering clients' jobs (tens of milliseconds) on a loaded machine. Every other run has minutes, so only a hang
    /// would meet it.
    /// </summary>
    private const string SilentClientRoundTimeout = "5s";

    private static SimulationSettings Settings(ulong seed, int rounds, string extra = "", string roundTimeout = "5m") =>
        SimulationSettings.FromConfig(SettingsConfigs.Load($$"""
            fedactors {
              run { seed = {{seed}}, rounds = {{rounds}}, clients = {{Clients}}, clients-per-round = 3, round-timeout = {{roundTimeout}} }
              trainer { workers = 2, local-epochs = 2, batch-size = 5, learning-rate = 0.1 }
              persistence { journal = in-memory, max-update-norm = 1000 }
            }
            fedactors.{{(extra.Length == 0 ? "metrics.csv = off" : extra)}}
            """));

    /// <summary>An in-memory journal that also keeps every write's batch of events, in the order they were written.</summary>
    private sealed class BatchRecordingJournal : IEventJournal
    {
        private readonly InMemoryJournal _inner = new();
        private readonly List<IReadOnlyList<PersistentRepresentation>> _batches = [];

        public IReadOnlyList<IReadOnlyList<PersistentRepresentation>> Batches
        {
            get
            {
                lock (_batches)
                {
                    return _batches.ToList();
                }
            }
        }

        /// <summary>How long each write takes before it is done, as a slow disk's would.</summary>
        public TimeSpan WriteDelay { get; init; }

        public async Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default)
        {
            await Task.Delay(WriteDelay, cancellationToken);
            lock (_batches)
            {
                _batches.Add(messages.ToList());
            }

            await _inner.WriteMessagesAsync(messages, cancellationToken);
        }

        public Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
            Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken = default) =>
            _inner.ReplayMessagesAsync(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback, cancellationToken);

        public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) =>
            _inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

        public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
            _inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
    }

    /// <summary>A trainer that runs every job on <paramref name="inner"/> and records the sample count of each evaluation.</summary>
    private sealed class EvalRecordingTrainer(ITrainer inner) : ITrainer
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _evalSizes = new();

        public IReadOnlyList<int> EvalSizes => [.. _evalSizes];

        public TrainResult Train(TrainJob job) => inner.Train(job);

        public EvalResult Evaluate(EvalJob job)
        {
            _evalSizes.Enqueue(job.Samples.Count);
            return inner.Evaluate(job);
        }
    }

    /// <summary>A client whose every training job fails: it answers each request with <see cref="TrainingFailed"/>.</summary>
    private sealed class FailingClient : ReceiveActor
    {
        public FailingClient(int clientId) =>
            Receive<TrainRequest>(r => Sender.Tell(new TrainingFailed(r.Round, r.RequestId, clientId, "job dead-lettered"), Self));
    }

    /// <summary>A client that answers every request with the update <paramref name="update"/> makes, with its hash when <paramref name="hashed"/>.</summary>
    private sealed class ScriptedClient : ReceiveActor
    {
        public ScriptedClient(int clientId, Func<float[]> update, bool hashed = false) =>
            Receive<TrainRequest>(r =>
            {
                var values = update();
                Sender.Tell(new UpdateSubmitted(r.Round, r.RequestId, clientId, 10, values) { Sha256 = hashed ? ModelHash.Sha256(values) : null }, Self);
            });
    }
}
