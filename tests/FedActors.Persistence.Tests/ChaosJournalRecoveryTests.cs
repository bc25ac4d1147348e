using FedActors.Actors;

namespace FedActors.Persistence.Tests;

/// <summary>
/// Injected journal failures end in recovery, not corruption: a persistent counter over a <see cref="ChaosJournal"/>
/// around a <see cref="SqliteJournal"/> restarts after each failed write (the default supervisor) and stops after a
/// failed recovery, as <see cref="ReceivePersistentActor"/> documents; what is stored stays contiguous, and a later
/// incarnation over the plain journal recovers exactly what was acknowledged.
/// </summary>
public sealed class ChaosJournalRecoveryTests : FedActors.Actors.TestKit.TestKit, IDisposable
{
    private const string Id = "counter-1";

    /// <summary>A guard against hangs: 200 fsync'd writes and their restarts take seconds, more on a loaded disk.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _directory = new();
    private readonly SqliteJournal _store;

    public ChaosJournalRecoveryTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
        _store = new SqliteJournal(_directory.File("journal.db"));
    }

    [Fact]
    public async Task Persist_ThirtyPercentOfWritesFail_StoreHoldsExactlyTheAcknowledgedEventsContiguously()
    {
        // Arrange
        var chaos = new ChaosJournal(_store, new ChaosJournalOptions { WriteFailureRate = 0.3, Seed = 17 });
        var acks = CreateTestProbe();
        var recoveries = CreateTestProbe();
        var counter = Sys.ActorOf(CounterActor.Props(Id, chaos, recoveries.Ref));

        // Act: each command is one write; a failed one restarts the actor, which recovers and goes on with the rest.
        for (var amount = 1; amount <= 200; amount++)
        {
            counter.Tell(new Increment(amount), acks.Ref);
        }

        counter.Tell(GetCount.Instance, TestActor);
        var final = ExpectMsg<CountResult>(MaxWait);

        // Assert
        var failures = (int)chaos.InjectedWriteFailures;
        Assert.Equal(200, chaos.WriteCalls);
        Assert.InRange(failures, 1, 199);
        var acknowledged = acks.ReceiveN(200 - failures, MaxWait).Cast<Incremented>().Select(e => e.Amount).ToList();
        var stored = await ReplayAsync(_store);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.SequenceNr));
        Assert.Equal(acknowledged, stored.Select(e => e.Amount));
        Assert.Equal(stored.Count, await _store.ReadHighestSequenceNrAsync(Id, 0));
        Assert.Equal(new CountResult(stored.Sum(e => e.Amount), stored.Count), final);
        Assert.Equal(1 + failures, recoveries.ReceiveN(1 + failures, MaxWait).Count);
        Assert.Equal(final, RecoverFresh(_store));
    }

    [Fact]
    public async Task Persist_AcknowledgementsLost_EveryWriteIsStoredAndRecoveredOnce()
    {
        // Arrange: 30% of the writes reach the store but report a failure.
        var chaos = new ChaosJournal(_store, new ChaosJournalOptions { WriteFailureRate = 0.3, Seed = 17, LoseAcknowledgement = true });
        var acks = CreateTestProbe();
        var counter = Sys.ActorOf(CounterActor.Props(Id, chaos, CreateTestProbe().Ref));

        // Act
        for (var amount = 1; amount <= 200; amount++)
        {
            counter.Tell(new Increment(amount), acks.Ref);
        }

        counter.Tell(GetCount.Instance, TestActor);
        var final = ExpectMsg<CountResult>(MaxWait);

        // Assert: the unacknowledged events are stored too (at least once, as in Akka), each once and in order, and the
        // restarted actor recovered them; only the acknowledgements of the failed writes are missing.
        var failures = (int)chaos.InjectedWriteFailures;
        Assert.InRange(failures, 1, 199);
        var acknowledged = acks.ReceiveN(200 - failures, MaxWait).Cast<Incremented>().Select(e => e.Amount).ToList();
        var stored = await ReplayAsync(_store);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), stored.Select(e => e.SequenceNr));
        Assert.Equal(Enumerable.Range(1, 200), stored.Select(e => e.Amount));
        Assert.Equal(200 - failures, acknowledged.Intersect(stored.Select(e => e.Amount)).Count());
        Assert.Equal(new CountResult(Enumerable.Range(1, 200).Sum(), 200), final);
        Assert.Equal(final, RecoverFresh(_store));
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, 1.0)]
    public async Task Recover_ReplayOrReadHighestFails_StopsAndHealthyIncarnationRecoversEverything(double replayRate, double readHighestRate)
    {
        // Arrange
        await _store.WriteMessagesAsync(Enumerable.Range(1, 10).Select(i => new PersistentRepresentation(Id, i, new Incremented(i))).ToList());
        var chaos = new ChaosJournal(_store, new ChaosJournalOptions { ReplayFailureRate = replayRate, ReadHighestFailureRate = readHighestRate });

        // Act
        var counter = Sys.ActorOf(CounterActor.Props(Id, chaos, TestActor));
        Watch(counter);
        counter.Tell(new Increment(100), TestActor);

        // Assert: stopped under the default (restarting) supervisor after one attempt; the store is untouched.
        ExpectTerminated(counter, MaxWait);
        Assert.Equal(1, chaos.InjectedReplayFailures + chaos.InjectedReadHighestFailures);
        Assert.Equal(0, chaos.WriteCalls);
        Assert.Equal(Enumerable.Range(1, 10), (await ReplayAsync(_store)).Select(e => e.Amount));
        Assert.Equal(new CountResult(55, 10), RecoverFresh(_store));
    }

    [Fact]
    public async Task Incarnations_WriteReplayAndReadHighestFail_EveryAcknowledgedEventSurvivesAndNothingElse()
    {
        // Arrange
        var chaos = new ChaosJournal(_store, new ChaosJournalOptions
        {
            WriteFailureRate = 0.3, ReplayFailureRate = 0.1, ReadHighestFailureRate = 0.1, Seed = 5,
        });
        var acks = CreateTestProbe();
        var amount = 0;
        var stoppedByRecoveryFailure = 0;

        // Act: incarnations one after another, ten commands each; one whose recovery fails stops (its commands are
        // dead letters), the next starts over the same journal.
        for (var incarnation = 0; incarnation < 20; incarnation++)
        {
            var counter = Sys.ActorOf(CounterActor.Props(Id, chaos, CreateTestProbe().Ref));
            Watch(counter);
            for (var i = 0; i < 10; i++)
            {
                counter.Tell(new Increment(++amount), acks.Ref);
            }

            counter.Tell(GetCount.Instance, TestActor);
            if (ExpectMsg<object>(m => m is CountResult or Terminated, MaxWait) is Terminated)
            {
                stoppedByRecoveryFailure++;
                continue;
            }

            Sys.Stop(counter);
            ExpectTerminated(counter, MaxWait);
        }

        // Assert
        Assert.InRange(stoppedByRecoveryFailure, 1, 19);
        Assert.True(chaos.InjectedWriteFailures > 0);
        var stored = await ReplayAsync(_store);
        var acknowledged = acks.ReceiveN(stored.Count, MaxWait).Cast<Incremented>().Select(e => e.Amount).ToList();
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.SequenceNr));
        Assert.Equal(acknowledged, stored.Select(e => e.Amount));
        Assert.Equal(new CountResult(acknowledged.Sum(), stored.Count), RecoverFresh(_store));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _store.Dispose();
            _directory.Dispose();
        }
    }

    private static async Task<List<(long SequenceNr, int Amount)>> ReplayAsync(IEventJournal journal)
    {
        var replayed = new List<(long, int)>();
        await journal.ReplayMessagesAsync(Id, 1, long.MaxValue, long.MaxValue, e => replayed.Add((e.SequenceNr, ((Incremented)e.Payload).Amount)));
        return replayed;
    }

    /// <summary>Starts a new counter over <paramref name="journal"/> and returns the state it recovered.</summary>
    private CountResult RecoverFresh(IEventJournal journal)
    {
        var observer = CreateTestProbe();
        var counter = Sys.ActorOf(CounterActor.Props(Id, journal, observer.Ref));
        var recovered = observer.ExpectMsg<CountResult>(MaxWait);
        observer.Send(counter, GetCount.Instance);
        Assert.Equal(recovered, observer.ExpectMsg<CountResult>(MaxWait));
        return recovered;
    }

    /// <summary>Adds its amount to the count.</summary>
    public sealed record Increment(int Amount);

    /// <summary>The event of <see cref="Increment"/>; also the acknowledgement sent to the command's sender.</summary>
    public sealed record Incremented(int Amount);

    /// <summary>Asks for the count, answered with <see cref="CountResult"/>.</summary>
    public sealed record GetCount
    {
        public static readonly GetCount Instance = new();
    }

    /// <summary>The count and the last sequence number; also told to the observer when a recovery completes.</summary>
    public sealed record CountResult(int Count, long LastSequenceNr);

    /// <summary>A persistent sum of <see cref="Incremented"/> amounts over a given journal.</summary>
    private sealed class CounterActor : ReceivePersistentActor
    {
        private readonly IEventJournal _journal;
        private int _count;

        public CounterActor(string persistenceId, IEventJournal journal, IActorRef observer)
        {
            PersistenceId = persistenceId;
            _journal = journal;
            Recover<Incremented>(e => _count += e.Amount);
            Recover<RecoveryCompleted>(_ => observer.Tell(new CountResult(_count, LastSequenceNr)));
            Command<Increment>(command => Persist(new Incremented(command.Amount), HandleIncremented));
            Command<GetCount>(_ => Sender.Tell(new CountResult(_count, LastSequenceNr)));
        }

        public override string PersistenceId { get; }

        protected override IEventJournal Journal => _journal;

        public static Props Props(string persistenceId, IEventJournal journal, IActorRef observer) =>
            Actors.Props.Create(() => new CounterActor(persistenceId, journal, observer));

        private void HandleIncremented(Incremented incremented)
        {
            _count += incremented.Amount;
            Sender.Tell(incremented);
        }
    }
}
