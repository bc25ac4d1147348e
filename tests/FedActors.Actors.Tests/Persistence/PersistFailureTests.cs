namespace FedActors.Actors.Tests.Persistence;

/// <summary>Failed writes and failed recoveries, injected with <see cref="ChaosJournal"/>.</summary>
public sealed class PersistFailureTests : PersistenceTestKit
{
    private const string Id = "list-1";

    public PersistFailureTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    [Fact]
    public void Persist_JournalFailsWrite_RestartsRecoversWithoutFailedEventAndKeepsStashedCommands()
    {
        // Arrange: write #1 ("a") is held at the gate, write #2 ("b") fails.
        var gated = new GatedJournal(new InMemoryJournal());
        var journal = ChaosJournal.FailingWriteNumber(gated, 2);
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        gated.Writes.Close();
        list.Tell(new Add("a"), TestActor);
        gated.Writes.AwaitArrivals(1);

        // Act: b, c and GetState queue up behind "a"; c and GetState are still stashed when b's write fails.
        list.Tell(new Add("b"), TestActor);
        list.Tell(new Add("c"), TestActor);
        list.Tell(GetState.Instance, TestActor);
        gated.Writes.Open();

        // Assert
        ExpectApplied("a", 1);
        var failed = ExpectMsg<PersistFailed>();
        Assert.Equal((new Added("b"), 2L), (failed.Event, failed.SequenceNr));
        Assert.IsType<ChaosJournal.ChaosException>(failed.Cause);
        var restarting = ExpectMsg<Restarting>();
        var persistFailed = Assert.IsType<PersistFailedException>(restarting.Reason);
        Assert.IsType<ChaosJournal.ChaosException>(persistFailed.InnerException);
        ExpectRecovered("a", 1);
        ExpectRecoveryFinished(1, "a");
        ExpectApplied("c", 2);
        ExpectState(2, "a", "c");
    }

    [Fact]
    public void Persist_JournalFailsWrite_NextCommandsWorkAfterRestart()
    {
        // Arrange
        var journal = ChaosJournal.FailingWritesWhere(new InMemoryJournal(), batch => batch.Any(e => e.Payload is Added { Value: "bad" }));
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);
        list.Tell(new Add("a"), TestActor);
        ExpectApplied("a", 1);

        // Act
        list.Tell(new Add("bad"), TestActor);
        ExpectMsg<PersistFailed>();
        ExpectMsg<Restarting>();
        ExpectRecovered("a", 1);
        ExpectRecoveryFinished(1, "a");
        list.Tell(new Add("b"), TestActor);
        list.Tell(GetState.Instance, TestActor);

        // Assert
        ExpectApplied("b", 2);
        ExpectState(2, "a", "b");
        Assert.Equal(1, journal.FailedWrites);
    }

    [Fact]
    public async Task PersistAll_JournalFailsBatch_NoneOfItsEventsIsHandledOrJournaled()
    {
        // Arrange
        var inner = new InMemoryJournal();
        var journal = ChaosJournal.FailingWriteNumber(inner, 1);
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);

        // Act
        list.Tell(new AddAll(new[] { "x", "y", "z" }), TestActor);

        // Assert: the failure names the first event of the batch; no handler ran; recovery finds nothing.
        var failed = ExpectMsg<PersistFailed>();
        Assert.Equal((new Added("x"), 1L), (failed.Event, failed.SequenceNr));
        ExpectMsg<Restarting>();
        ExpectRecoveryFinished(0);
        Assert.Equal(0, await inner.ReadHighestSequenceNrAsync(Id, 0));
    }

    [Fact]
    public void Persist_JournalThrowsSynchronously_FailsLikeAFaultedWrite()
    {
        // Arrange
        var journal = new ChaosJournal(new InMemoryJournal()) { FailWrite = (n, _) => n == 1, ThrowSynchronously = true };
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        ExpectRecoveryFinished(0);

        // Act
        list.Tell(new Add("a"), TestActor);
        list.Tell(new Add("b"), TestActor);

        // Assert
        var failed = ExpectMsg<PersistFailed>();
        Assert.Equal((new Added("a"), 1L), (failed.Event, failed.SequenceNr));
        Assert.IsType<PersistFailedException>(ExpectMsg<Restarting>().Reason);
        ExpectRecoveryFinished(0);
        ExpectApplied("b", 1);
    }

    [Fact]
    public void Persist_JournalFailsUnderStoppingSupervisor_ActorStops()
    {
        // Arrange
        var journal = ChaosJournal.FailingWriteNumber(new InMemoryJournal(), 1);
        var child = CreateUnderParent(ListActor.Props(Id, TestActor, journal), SupervisorStrategy.StoppingStrategy);
        ExpectRecoveryFinished(0);
        Watch(child);

        // Act
        child.Tell(new Add("a"), TestActor);

        // Assert
        ExpectMsg<PersistFailed>();
        ExpectTerminated(child);
    }

    [Fact]
    public void Persist_JournalFailsUnderStoppingSupervisor_StashedCommandsBecomeDeadLetters()
    {
        // Arrange: write #1 is held at the gate, then fails.
        var gated = new GatedJournal(ChaosJournal.FailingWriteNumber(new InMemoryJournal(), 1));
        var child = CreateUnderParent(ListActor.Props(Id, TestActor, gated), SupervisorStrategy.StoppingStrategy);
        ExpectRecoveryFinished(0);
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        gated.Writes.Close();
        child.Tell(new Add("a"), TestActor);
        gated.Writes.AwaitArrivals(1);

        // Act
        child.Tell(new Add("b"), TestActor);
        child.Tell(GetState.Instance, TestActor);
        gated.Writes.Open();

        // Assert: the commands stashed during the failed write are not dropped silently.
        ExpectMsg<PersistFailed>();
        Assert.Equal(new Add("b"), deadLetters.ExpectMsg<DeadLetter>().Message);
        Assert.Equal(GetState.Instance, deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Persist_JournalFailsUnderResumingSupervisor_ActorHandlesTheStashedAndNextCommands()
    {
        // Arrange: write #1 ("a") is held at the gate, then fails.
        var gated = new GatedJournal(ChaosJournal.FailingWriteNumber(new InMemoryJournal(), 1));
        var resume = new OneForOneStrategy(_ => Directive.Resume);
        var child = CreateUnderParent(ListActor.Props(Id, TestActor, gated), resume);
        ExpectRecoveryFinished(0);
        gated.Writes.Close();
        child.Tell(new Add("a"), TestActor);
        gated.Writes.AwaitArrivals(1);

        // Act
        child.Tell(new Add("b"), TestActor);
        gated.Writes.Open();
        ExpectMsg<PersistFailed>();
        child.Tell(GetState.Instance, TestActor);

        // Assert: resumed, not restarted (no second recovery), and "b" takes the sequence number "a" could not.
        ExpectApplied("b", 1);
        ExpectState(1, "b");
    }

    [Fact]
    public void Recover_JournalReplayFails_CallsOnRecoveryFailureAndStops()
    {
        // Arrange
        var journal = ChaosJournal.FailingReplays(new InMemoryJournal());

        // Act
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, journal));
        Watch(list);

        // Assert: stopped even under the default (restarting) strategy.
        var failed = ExpectMsg<RecoveryFailed>();
        Assert.IsType<ChaosJournal.ChaosException>(failed.Cause is RecoveryFailedException wrapped ? wrapped.InnerException : failed.Cause);
        ExpectTerminated(list);
    }

    [Fact]
    public async Task Recover_RecoverHandlerThrows_CallsOnRecoveryFailureAndStops()
    {
        // Arrange
        await SeedAsync(Sys.Journal, Id, "a", ListActor.PoisonValue, "c");

        // Act
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor));
        Watch(list);

        // Assert: the events before the corrupt one were replayed; nothing after it.
        ExpectRecovered("a", 1);
        var failed = ExpectMsg<RecoveryFailed>();
        var cause = Assert.IsType<RecoveryFailedException>(failed.Cause);
        Assert.IsType<InvalidOperationException>(cause.InnerException);
        ExpectTerminated(list);
    }

    [Fact]
    public void Recover_JournalReplayFails_CommandsStashedDuringRecoveryBecomeDeadLetters()
    {
        // Arrange: the replay is held at the gate, then fails.
        var gated = new GatedJournal(ChaosJournal.FailingReplays(new InMemoryJournal()));
        gated.Replays.Close();
        var list = Sys.ActorOf(ListActor.Props(Id, TestActor, gated));
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        gated.Replays.AwaitArrivals(1);

        // Act
        list.Tell(new Add("a"), TestActor);
        list.Tell(GetState.Instance, TestActor);
        gated.Replays.Open();

        // Assert
        ExpectMsg<RecoveryFailed>();
        Assert.Equal(new Add("a"), deadLetters.ExpectMsg<DeadLetter>().Message);
        Assert.Equal(GetState.Instance, deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    /// <summary>Creates <paramref name="child"/> under a parent that supervises it with <paramref name="strategy"/>.</summary>
    private IActorRef CreateUnderParent(Props child, SupervisorStrategy strategy)
    {
        var created = CreateTestProbe();
        Sys.ActorOf(Actors.Props.Create(() => new Parent(child, created.Ref)).WithSupervisorStrategy(strategy));
        return created.ExpectMsg<IActorRef>();
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent(Props child, IActorRef created)
        {
            created.Tell(Context.ActorOf(child, "child"));
        }
    }
}
