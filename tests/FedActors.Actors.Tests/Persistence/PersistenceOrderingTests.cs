namespace FedActors.Actors.Tests.Persistence;

/// <summary>Persist, then handle: the order of journal writes, persist handlers and the commands stashed meanwhile.</summary>
public sealed class PersistenceOrderingTests : PersistenceTestKit
{
    private const string Id = "list-1";

    [Fact]
    public async Task Persist_WriteBlocked_HandlerRunsOnlyAfterJournalHasEvent()
    {
        // Arrange
        var journal = new GatedJournal(new InMemoryJournal()) { Observer = TestActor };
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        journal.Writes.Close();

        // Act
        list.Tell(new Add("a"), TestActor);
        journal.Writes.AwaitArrivals(1);

        // Assert: while the write is held, the event is not in the journal and its handler has not run.
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, await journal.Inner.ReadHighestSequenceNrAsync(Id, 0));

        journal.Writes.Open();
        ExpectWritten(1);
        ExpectApplied("a", 1);
    }

    [Fact]
    public void Persist_CommandsSentWhileWriteBlocked_HandledAfterWriteInArrivalOrder()
    {
        // Arrange
        var journal = new GatedJournal(new InMemoryJournal()) { Observer = TestActor };
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        journal.Writes.Close();
        list.Tell(new Add("a"), TestActor);
        journal.Writes.AwaitArrivals(1);

        // Act: these arrive while "a" is being written; GetState would answer [] if it were not stashed.
        list.Tell(GetState.Instance, TestActor);
        list.Tell(new Add("b"), TestActor);
        list.Tell(new Add("c"), TestActor);
        list.Tell(GetState.Instance, TestActor);
        journal.Writes.Open();
        list.Tell(new Add("d"), TestActor);

        // Assert
        ExpectWritten(1);
        ExpectApplied("a", 1);
        ExpectState(1, "a");
        ExpectWritten(2);
        ExpectApplied("b", 2);
        ExpectWritten(3);
        ExpectApplied("c", 3);
        ExpectState(3, "a", "b", "c");
        ExpectWritten(4);
        ExpectApplied("d", 4);
    }

    [Fact]
    public void PersistAll_ThreeEvents_WritesOneBatchThenRunsHandlersInOrder()
    {
        // Arrange
        var journal = new GatedJournal(new InMemoryJournal()) { Observer = TestActor };
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);

        // Act
        list.Tell(new AddAll(new[] { "x", "y", "z" }), TestActor);
        list.Tell(GetState.Instance, TestActor);

        // Assert: one write holding all three, and only then the three handlers.
        ExpectWritten(1, 2, 3);
        ExpectApplied("x", 1);
        ExpectApplied("y", 2);
        ExpectApplied("z", 3);
        ExpectState(3, "x", "y", "z");
        Assert.Single(journal.WrittenBatches);
    }

    [Fact]
    public void PersistAll_WriteBlocked_NoHandlerRunsBeforeTheWholeBatchIsWritten()
    {
        // Arrange
        var journal = new GatedJournal(new InMemoryJournal()) { Observer = TestActor };
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        journal.Writes.Close();

        // Act
        list.Tell(new AddAll(new[] { "x", "y" }), TestActor);
        journal.Writes.AwaitArrivals(1);

        // Assert
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        journal.Writes.Open();
        ExpectWritten(1, 2);
        ExpectApplied("x", 1);
        ExpectApplied("y", 2);
    }

    [Fact]
    public void Persist_HandlerReadsSender_IsTheSenderOfTheCommand()
    {
        // Arrange
        var journal = new GatedJournal(new InMemoryJournal());
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        var alice = CreateTestProbe("alice");
        var bob = CreateTestProbe("bob");
        journal.Writes.Close();

        // Act: bob's command is stashed behind alice's write; each handler must still see its own command's sender.
        alice.Send(list, new Add("a"));
        journal.Writes.AwaitArrivals(1);
        bob.Send(list, new AddAll(new[] { "b1", "b2" }));
        journal.Writes.Open();

        // Assert
        Assert.Same(alice.Ref, ExpectApplied("a", 1).Sender);
        Assert.Same(bob.Ref, ExpectApplied("b1", 2).Sender);
        Assert.Same(bob.Ref, ExpectApplied("b2", 3).Sender);
    }

    [Fact]
    public async Task Persist_TwentyCommands_NumbersEventsOneToTwenty()
    {
        // Arrange
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor));
        ExpectRecoveryFinished(0);
        var values = Enumerable.Range(1, 20).Select(i => $"v{i}").ToArray();

        // Act
        foreach (var value in values)
        {
            list.Tell(new Add(value), TestActor);
        }

        list.Tell(GetState.Instance, TestActor);

        // Assert
        for (var i = 0; i < values.Length; i++)
        {
            ExpectApplied(values[i], i + 1);
        }

        ExpectState(20, values);
        var journaled = new List<PersistentRepresentation>();
        await Sys.Journal.ReplayMessagesAsync(Id, 1, long.MaxValue, long.MaxValue, journaled.Add);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), journaled.Select(e => e.SequenceNr));
        Assert.Equal(values, journaled.Select(e => ((Added)e.Payload).Value));
    }
}
