namespace FedActors.Actors.Tests.Persistence;

/// <summary>PersistAsync and DeferAsync: commands go on during writes, events written meanwhile are batched, handlers keep their order.</summary>
public sealed class PersistAsyncTests : PersistenceTestKit
{
    private const string Id = "list-1";

    public PersistAsyncTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    [Fact]
    public async Task PersistAsync_WriteBlocked_NextCommandIsHandledAtOnceAndTheHandlerWaitsForTheJournal()
    {
        // Arrange
        var (journal, list) = StartWithAsyncWriteOfAHeld();

        // Act
        list.Tell(GetState.Instance, TestActor);

        // Assert: GetState is answered while "a" is being written, before its handler.
        ExpectState(0);
        Assert.Equal(0, await journal.Inner.ReadHighestSequenceNrAsync(Id, 0));
        journal.Writes.Open();
        ExpectWritten(1);
        ExpectApplied("a", 1);
    }

    [Fact]
    public void PersistAsync_EventsPersistedDuringAWrite_GoToTheJournalInOneNextBatch_HandlersInOrder()
    {
        // Arrange
        var (journal, list) = StartWithAsyncWriteOfAHeld();

        // Act
        list.Tell(new AddAsync("b"), TestActor);
        list.Tell(new AddAllAsync(new[] { "c", "d" }), TestActor);
        list.Tell(GetState.Instance, TestActor);
        ExpectState(0);
        journal.Writes.Open();

        // Assert
        ExpectWritten(1);
        ExpectApplied("a", 1);
        ExpectWritten(2, 3, 4);
        ExpectApplied("b", 2);
        ExpectApplied("c", 3);
        ExpectApplied("d", 4);
        Assert.Equal(new[] { new long[] { 1 }, [2, 3, 4] }, journal.WrittenBatches);
    }

    [Fact]
    public void Persist_AfterPersistAsync_StashesCommandsUntilItsOwnHandlerRan()
    {
        // Arrange
        var (journal, list) = StartWithAsyncWriteOfAHeld();

        // Act: "b" waits behind "a"'s write; GetState is stashed until "b" is handled.
        list.Tell(new Add("b"), TestActor);
        list.Tell(GetState.Instance, TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        journal.Writes.Open();

        // Assert
        ExpectWritten(1);
        ExpectApplied("a", 1);
        ExpectWritten(2);
        ExpectApplied("b", 2);
        ExpectState(2, "a", "b");
    }

    [Fact]
    public void DeferAsync_AfterPersistAsync_RunsAfterTheEventsHandlerWithItsCommandsSender()
    {
        // Arrange
        var deferring = CreateTestProbe("deferring");
        var (journal, list) = StartWithAsyncWriteOfAHeld();

        // Act
        deferring.Send(list, new Defer("d"));
        list.Tell(GetState.Instance, TestActor);
        ExpectState(0);
        journal.Writes.Open();

        // Assert: the deferred handler sees "a" applied; nothing more was written for it.
        ExpectWritten(1);
        ExpectApplied("a", 1);
        var ran = ExpectMsg<DeferredRan>();
        Assert.Equal("d", ran.Value);
        Assert.Equal(new[] { "a" }, ran.Items);
        Assert.Same(deferring.Ref, ran.Sender);
        Assert.Single(journal.WrittenBatches);
    }

    [Fact]
    public void DeferAsync_NothingOutstanding_RunsAtOnce()
    {
        // Arrange
        var journal = new GatedJournal(new InMemoryJournal()) { Observer = TestActor };
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        journal.Writes.Close();

        // Act: with the journal closed, only a handler that needs no write can run.
        list.Tell(new Defer("d"), TestActor);

        // Assert
        var ran = ExpectMsg<DeferredRan>();
        Assert.Equal("d", ran.Value);
        Assert.Empty(ran.Items);
        Assert.Equal(0, journal.Writes.Arrivals);
    }

    [Fact]
    public void PersistAsync_JournalFailsTheBatch_NoHandlerOfItRunsAndTheActorRecovers()
    {
        // Arrange: the first write ("a") is held, the second ("b", "c") fails.
        var gated = new GatedJournal(new InMemoryJournal());
        var journal = ChaosJournal.FailingWriteNumber(gated, 2);
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        gated.Writes.Close();
        list.Tell(new AddAsync("a"), TestActor);
        gated.Writes.AwaitArrivals(1);
        list.Tell(new AddAsync("b"), TestActor);
        list.Tell(new AddAsync("c"), TestActor);
        list.Tell(GetState.Instance, TestActor);
        ExpectState(0);

        // Act
        gated.Writes.Open();

        // Assert
        ExpectApplied("a", 1);
        var failed = ExpectMsg<PersistFailed>();
        Assert.Equal((new Added("b"), 2L), (failed.Event, failed.SequenceNr));
        Assert.IsType<PersistFailedException>(ExpectMsg<Restarting>().Reason);
        ExpectRecovered("a", 1);
        ExpectRecoveryFinished(1, "a");
        list.Tell(GetState.Instance, TestActor);
        ExpectState(1, "a");
    }

    /// <summary>A list actor over a gated journal (observed by the test actor) whose PersistAsync write of "a" is held at the gate.</summary>
    private (GatedJournal Journal, IActorRef List) StartWithAsyncWriteOfAHeld()
    {
        var journal = new GatedJournal(new InMemoryJournal()) { Observer = TestActor };
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        journal.Writes.Close();
        list.Tell(new AddAsync("a"), TestActor);
        journal.Writes.AwaitArrivals(1);
        return (journal, list);
    }
}
