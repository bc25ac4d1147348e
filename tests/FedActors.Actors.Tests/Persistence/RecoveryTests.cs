namespace FedActors.Actors.Tests.Persistence;

/// <summary>Recovery: replay order, stashing during recovery, RecoveryCompleted, snapshots and LastSequenceNr.</summary>
public sealed class RecoveryTests : PersistenceTestKit
{
    private const string Id = "list-1";

    public RecoveryTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    [Fact]
    public void Recover_RecreatedWithSamePersistenceId_ReplaysEventsInOrder()
    {
        // Arrange
        var first = Sys.ActorOf(ListActor.Props(Id, TestActor));
        ExpectRecoveryFinished(0);
        first.Tell(new AddAll(new[] { "a", "b" }), TestActor);
        first.Tell(new Add("c"), TestActor);
        ExpectApplied("a", 1);
        ExpectApplied("b", 2);
        ExpectApplied("c", 3);
        StopAndAwaitTermination(first);

        // Act
        var second = Sys.ActorOf(ListActor.Props(Id, TestActor));
        second.Tell(GetState.Instance, TestActor);

        // Assert
        ExpectRecovered("a", 1);
        ExpectRecovered("b", 2);
        ExpectRecovered("c", 3);
        ExpectRecoveryFinished(3, "a", "b", "c");
        ExpectState(3, "a", "b", "c");
    }

    [Fact]
    public void Recover_OtherPersistenceIdInSameJournal_ReplaysOnlyItsOwnEvents()
    {
        // Arrange
        var other = Sys.ActorOf(ListActor.Props("other", TestActor));
        ExpectRecoveryFinished(0);
        other.Tell(new Add("theirs"), TestActor);
        ExpectApplied("theirs", 1);

        // Act
        Sys.ActorOf(ListActor.Props(Id, TestActor));

        // Assert
        ExpectRecoveryFinished(0);
    }

    [Fact]
    public async Task Recover_CommandsSentDuringRecovery_ProcessedAfterItInArrivalOrder()
    {
        // Arrange
        var journal = new GatedJournal(new InMemoryJournal());
        await SeedAsync(journal.Inner, Id, "a", "b");
        journal.Replays.Close();
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        journal.Replays.AwaitArrivals(1);

        // Act: these arrive while the replay is held; GetState would answer [] if it were not stashed.
        list.Tell(new Add("c"), TestActor);
        list.Tell(GetState.Instance, TestActor);
        list.Tell(new Add("d"), TestActor);
        journal.Replays.Open();

        // Assert
        ExpectRecovered("a", 1);
        ExpectRecovered("b", 2);
        ExpectRecoveryFinished(2, "a", "b");
        ExpectApplied("c", 3);
        ExpectState(3, "a", "b", "c");
        ExpectApplied("d", 4);
    }

    [Fact]
    public async Task Recover_WithEvents_OffersRecoveryCompletedOnceAndLast()
    {
        // Arrange
        await SeedAsync(Sys.Journal, Id, "a", "b", "c");

        // Act
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor));
        list.Tell(GetState.Instance, TestActor);

        // Assert: the reply to the first command comes after everything recovery told; RecoveryFinished is the last of it.
        var told = ReceiveN(5);
        Assert.Equal(
            new[] { typeof(Recovered), typeof(Recovered), typeof(Recovered), typeof(RecoveryFinished), typeof(ListState) },
            told.Select(m => m.GetType()));
        ExpectNoMsg();
    }

    [Fact]
    public void Recover_EmptyJournal_OffersRecoveryCompletedOnceWithSequenceNrZero()
    {
        // Arrange, Act
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor));
        list.Tell(GetState.Instance, TestActor);

        // Assert
        ExpectRecoveryFinished(0);
        ExpectState(0);
        ExpectNoMsg();
    }

    [Fact]
    public void Recover_AfterSaveSnapshot_OffersSnapshotFirstThenOnlyLaterEvents()
    {
        // Arrange
        var first = Sys.ActorOf(ListActor.Props(Id, TestActor));
        ExpectRecoveryFinished(0);
        first.Tell(new AddAll(new[] { "a", "b", "c" }), TestActor);
        first.Tell(TakeSnapshot.Instance, TestActor);
        first.Tell(new AddAll(new[] { "d", "e" }), TestActor);
        ExpectApplied("a", 1);
        ExpectApplied("b", 2);
        ExpectApplied("c", 3);
        var snapshotTold = ReceiveN(3);
        Assert.Contains(new SnapshotSaved(3), snapshotTold);
        StopAndAwaitTermination(first);

        // Act
        Sys.ActorOf(ListActor.Props(Id, TestActor));

        // Assert
        var offered = ExpectMsg<SnapshotOffered>();
        Assert.Equal(3, offered.SequenceNr);
        Assert.Equal(new[] { "a", "b", "c" }, offered.Items);
        ExpectRecovered("d", 4);
        ExpectRecovered("e", 5);
        ExpectRecoveryFinished(5, "a", "b", "c", "d", "e");
    }

    [Fact]
    public async Task Recover_LatestOfSeveralSnapshots_IsOffered()
    {
        // Arrange
        await SeedAsync(Sys.Journal, Id, "a", "b", "c", "d");
        await Sys.SnapshotStore.SaveAsync(new SnapshotMetadata(Id, 1, DateTimeOffset.UnixEpoch), new[] { "a" });
        await Sys.SnapshotStore.SaveAsync(new SnapshotMetadata(Id, 3, DateTimeOffset.UnixEpoch), new[] { "a", "b", "c" });

        // Act
        Sys.ActorOf(ListActor.Props(Id, TestActor));

        // Assert
        Assert.Equal(3, ExpectMsg<SnapshotOffered>().SequenceNr);
        ExpectRecovered("d", 4);
        ExpectRecoveryFinished(4, "a", "b", "c", "d");
    }

    [Fact]
    public async Task Recover_SnapshotAndEventsDeletedUpToIt_LastSequenceNrIsTheSnapshotsAndNextEventFollowsIt()
    {
        // Arrange
        await SeedAsync(Sys.Journal, Id, "a", "b", "c");
        await Sys.SnapshotStore.SaveAsync(new SnapshotMetadata(Id, 3, DateTimeOffset.UnixEpoch), new[] { "a", "b", "c" });
        await Sys.Journal.DeleteMessagesToAsync(Id, 3);

        // Act
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor));
        list.Tell(new Add("d"), TestActor);

        // Assert
        Assert.Equal(3, ExpectMsg<SnapshotOffered>().SequenceNr);
        ExpectRecoveryFinished(3, "a", "b", "c");
        ExpectApplied("d", 4);
    }

    [Fact]
    public async Task Recover_EventsDeletedWithoutSnapshot_LastSequenceNrIsTheJournalsHighest()
    {
        // Arrange: a journal whose early events were deleted still knows its highest sequence number.
        await SeedAsync(Sys.Journal, Id, "a", "b", "c");
        await Sys.Journal.DeleteMessagesToAsync(Id, 3);

        // Act
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor));
        list.Tell(new Add("d"), TestActor);

        // Assert: the next event is 4 (1 would be refused by the journal).
        ExpectRecoveryFinished(3);
        ExpectApplied("d", 4);
    }

    [Fact]
    public void SaveSnapshot_StoreFails_SendsSaveSnapshotFailureAndKeepsWorking()
    {
        // Arrange
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, snapshotStore: new FailingSnapshotStore(throwSynchronously: false)));
        ExpectRecoveryFinished(0);
        list.Tell(new Add("a"), TestActor);
        ExpectApplied("a", 1);

        // Act
        list.Tell(TakeSnapshot.Instance, TestActor);
        list.Tell(new Add("b"), TestActor);

        // Assert
        var told = ReceiveN(2);
        var failure = Assert.Single(told.OfType<SnapshotNotSaved>());
        Assert.Equal(1, failure.SequenceNr);
        Assert.IsType<FailingSnapshotStore.SnapshotStoreException>(failure.Cause);
        Assert.Single(told.OfType<Applied>(), a => a.Value == "b" && a.SequenceNr == 2);
    }

    [Fact]
    public void SaveSnapshot_StoreThrowsSynchronously_SendsSaveSnapshotFailureAndKeepsWorking()
    {
        // Arrange
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, snapshotStore: new FailingSnapshotStore(throwSynchronously: true)));
        ExpectRecoveryFinished(0);

        // Act
        list.Tell(TakeSnapshot.Instance, TestActor);
        list.Tell(GetState.Instance, TestActor);

        // Assert: no restart (which would recover again); the failure arrives as a message.
        var told = ReceiveN(2);
        Assert.Single(told.OfType<SnapshotNotSaved>());
        Assert.Single(told.OfType<ListState>());
        ExpectNoMsg();
    }

    [Fact]
    public void Recover_RecoveryCompletedHandlerPersists_EventIsWrittenWithoutWaitingForACommand()
    {
        // Arrange, Act
        Sys.ActorOf(Actors.Props.Create(() => new StartMarker(TestActor)));

        // Assert
        Assert.Equal(1, ExpectMsg<StartMarker.Marked>().SequenceNr);
    }

    [Fact]
    public void Recover_RecoveryCompletedHandlerPersists_CommandsWaitForThatWrite()
    {
        // Arrange
        var marker = Sys.ActorOf(Actors.Props.Create(() => new StartMarker(TestActor)));

        // Act
        marker.Tell("ping", TestActor);

        // Assert
        Assert.Equal(1, ExpectMsg<StartMarker.Marked>().SequenceNr);
        ExpectMsg("pong after 1");
    }

    /// <summary>Persists a marker event as soon as it has recovered, as actors that journal their own start do.</summary>
    private sealed class StartMarker : ReceivePersistentActor
    {
        public StartMarker(IActorRef observer)
        {
            long marks = 0;
            Recover<Marked>(_ => marks++);
            Recover<RecoveryCompleted>(_ => Persist(new Marked(0), m => observer.Tell(m with { SequenceNr = LastSequenceNr })));
            Command<string>(_ => Sender.Tell($"pong after {LastSequenceNr}"));
        }

        public override string PersistenceId => "marker";

        public sealed record Marked(long SequenceNr);
    }

    private sealed class FailingSnapshotStore(bool throwSynchronously) : ISnapshotStore
    {
        public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
        {
            var failure = new SnapshotStoreException();
            return throwSynchronously ? throw failure : Task.FromException(failure);
        }

        public Task<SelectedSnapshot?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
            Task.FromResult<SelectedSnapshot?>(null);

        public Task DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public sealed class SnapshotStoreException() : Exception("the snapshot store is down");
    }
}
