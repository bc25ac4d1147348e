using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class SupervisionTests : TestKit.TestKit
{
    public SupervisionTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    /// <summary>Counts "inc"; replies to "get"; throws any exception it is sent; reports restarts to <c>lifecycle</c>.</summary>
    private sealed class Counter : ReceiveActor
    {
        private readonly IActorRef? _lifecycle;
        private int _count;

        public Counter(IActorRef? lifecycle)
        {
            _lifecycle = lifecycle;
            Receive<string>(s => s == "inc", _ => _count++);
            Receive<string>(s => s == "get", _ => Sender.Tell(_count));
            Receive<Exception>(e => throw e);
            Receive<FailAfter>(f =>
            {
                f.Gate.Wait(Hold.MaxHold);
                throw f.Cause;
            });
        }

        protected internal override void PostRestart(Exception reason) => _lifecycle?.Tell($"restarted:{reason.Message}", Self);
    }

    /// <summary>Fails with <see cref="Cause"/> once <see cref="Gate"/> opens, so that messages can queue up behind it.</summary>
    private sealed record FailAfter(ManualResetEventSlim Gate, Exception Cause);

    /// <summary>Creates a child from the props it receives; reports its own restarts and what its decider saw.</summary>
    private sealed class Middle : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Middle(IActorRef probe)
        {
            _probe = probe;
            Receive<Props>(props => Sender.Tell(Context.ActorOf(props, "leaf"), Self));
        }

        protected internal override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

        protected internal override void PostRestart(Exception reason)
        {
            _probe.Tell($"middle restarted:{reason.Message}", Self);
            base.PostRestart(reason);
        }
    }

    /// <summary>Supervises a <see cref="Middle"/>; restarts it and reports the cause it decided on.</summary>
    private sealed class Top : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Top(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "create-middle", _ => Sender.Tell(Context.ActorOf(Props.Create(() => new Middle(probe)), "middle"), Self));
        }

        protected internal override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
        {
            _probe.Tell($"top decides:{cause.Message}", Self);
            return Directive.Restart;
        });
    }

    [Fact]
    public void Resume_ChildFails_KeepsStateAndDropsTheFailedMessage()
    {
        // Arrange
        var (_, counter) = Supervisor.Spawn(Sys, new OneForOneStrategy(_ => Directive.Resume), Props.Create(() => new Counter(null)));
        counter.Tell("inc", TestActor);
        counter.Tell("inc", TestActor);

        // Act
        counter.Tell(new InvalidOperationException("boom"), TestActor);
        counter.Tell("inc", TestActor);
        counter.Tell("get", TestActor);

        // Assert
        ExpectMsg(3);
    }

    [Fact]
    public void Restart_ChildFails_ResetsStateAndKeepsQueuedMessages()
    {
        // Arrange: the failure waits for the gate, so "inc" and "get" are already queued when it happens.
        var (_, counter) = Supervisor.Spawn(Sys, new OneForOneStrategy(_ => Directive.Restart), Props.Create(() => new Counter(TestActor)));
        counter.Tell("inc", TestActor);
        counter.Tell("inc", TestActor);
        var gate = new ManualResetEventSlim();

        // Act
        counter.Tell(new FailAfter(gate, new InvalidOperationException("boom")), TestActor);
        counter.Tell("inc", TestActor);
        counter.Tell("get", TestActor);
        gate.Set();

        // Assert
        ExpectMsg("restarted:boom");
        ExpectMsg(1);
    }

    [Fact]
    public void Stop_ChildFails_ChildStopsAndLaterMessagesAreDeadLetters()
    {
        // Arrange
        var (parent, counter) = Supervisor.Spawn(Sys, new OneForOneStrategy(_ => Directive.Stop), Props.Create(() => new Counter(null)));
        Watch(counter);
        Watch(parent);

        // Act
        counter.Tell(new InvalidOperationException("boom"), TestActor);

        // Assert
        ExpectTerminated(counter);
        counter.Tell("get", TestActor);
        ExpectNoMsg();
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    [Fact]
    public void Escalate_ChildFails_GrandparentDecidesOnTheSameCauseAndRestartsTheParent()
    {
        // Arrange
        var top = Sys.ActorOf(Props.Create(() => new Top(TestActor)), "top");
        top.Tell("create-middle", TestActor);
        var middle = ExpectMsg<IActorRef>();
        middle.Tell(Props.Create(() => new Counter(null)), TestActor);
        var leaf = ExpectMsg<IActorRef>();
        var probe = CreateTestProbe();
        probe.Watch(leaf);
        probe.Watch(middle);

        // Act
        leaf.Tell(new InvalidOperationException("leaf broke"), TestActor);

        // Assert: Top saw the leaf's exception, restarted Middle, whose default PreRestart stopped the leaf.
        ExpectMsg("top decides:leaf broke");
        ExpectMsg("middle restarted:leaf broke");
        probe.ExpectTerminated(leaf);
        probe.ExpectNoMsg();
    }

    [Fact]
    public async Task Escalate_ParentKeepsChildrenOnRestart_FailedChildIsRestartedNotLeftSuspended()
    {
        // Arrange: the parent escalates, and its PreRestart keeps its children; the guardian restarts it.
        var parent = Sys.ActorOf(Props.Create<KeepsChildrenAndEscalates>());
        var child = await parent.Ask<IActorRef>(Props.Create(() => new Counter(TestActor)), TestProbe.DefaultTimeout);
        child.Tell("inc", TestActor);

        // Act
        child.Tell(new InvalidOperationException("boom"), TestActor);
        child.Tell("get", TestActor);

        // Assert: as in Akka, the surviving child is restarted after its parent, and then goes on with its mailbox.
        ExpectMsg("restarted:boom");
        ExpectMsg(0);
    }

    /// <summary>Escalates every child failure; keeps its children when it restarts.</summary>
    private sealed class KeepsChildrenAndEscalates : ReceiveActor
    {
        public KeepsChildrenAndEscalates() => Receive<Props>(props => Sender.Tell(Context.ActorOf(props), Self));

        protected internal override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

        protected internal override void PreRestart(Exception reason, object? message)
        {
        }
    }

    [Fact]
    public void Escalate_FromTopLevelActorWithDefaultStrategy_GuardianRestartsIt()
    {
        // Arrange: the guardian supervises top-level actors with the default strategy (restart).
        var counter = Sys.ActorOf(Props.Create(() => new Counter(TestActor)));
        counter.Tell("inc", TestActor);

        // Act
        counter.Tell(new InvalidOperationException("boom"), TestActor);
        counter.Tell("get", TestActor);

        // Assert
        ExpectMsg("restarted:boom");
        ExpectMsg(0);
    }

    [Fact]
    public void OneForOne_MoreFailuresThanRetriesWithinWindow_StopsTheChild()
    {
        // Arrange: two restarts allowed per minute, so the third failure stops the child.
        var strategy = new OneForOneStrategy(maxNrOfRetries: 2, withinTimeRange: TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var (_, counter) = Supervisor.Spawn(Sys, strategy, Props.Create(() => new Counter(TestActor)));
        Watch(counter);

        // Act + Assert
        counter.Tell(new InvalidOperationException("1"), TestActor);
        ExpectMsg("restarted:1");
        counter.Tell(new InvalidOperationException("2"), TestActor);
        ExpectMsg("restarted:2");
        counter.Tell(new InvalidOperationException("3"), TestActor);
        ExpectTerminated(counter);
    }

    [Fact]
    public void OneForOne_RetryLimitWithoutWindow_CountsRestartsOverTheWholeLife()
    {
        var strategy = new OneForOneStrategy(maxNrOfRetries: 1, withinTimeRange: Timeout.InfiniteTimeSpan, _ => Directive.Restart);
        var (_, counter) = Supervisor.Spawn(Sys, strategy, Props.Create(() => new Counter(TestActor)));
        Watch(counter);

        counter.Tell(new InvalidOperationException("1"), TestActor);
        ExpectMsg("restarted:1");
        counter.Tell(new InvalidOperationException("2"), TestActor);

        ExpectTerminated(counter);
    }

    [Fact]
    public void OneForOne_ZeroRetries_StopsOnTheFirstFailure()
    {
        var strategy = new OneForOneStrategy(maxNrOfRetries: 0, withinTimeRange: TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var (_, counter) = Supervisor.Spawn(Sys, strategy, Props.Create(() => new Counter(TestActor)));
        Watch(counter);

        counter.Tell(new InvalidOperationException("1"), TestActor);

        ExpectTerminated(counter);
    }

    [Fact]
    public void OneForOne_NegativeRetries_RestartsWithoutLimit()
    {
        var (_, counter) = Supervisor.Spawn(Sys, new OneForOneStrategy(_ => Directive.Restart), Props.Create(() => new Counter(TestActor)));

        for (var i = 0; i < 20; i++)
        {
            counter.Tell(new InvalidOperationException($"{i}"), TestActor);
            ExpectMsg($"restarted:{i}");
        }

        counter.Tell("get", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void OneForOne_ChildFails_SiblingIsUnaffected()
    {
        // Arrange
        var parent = Sys.ActorOf(Supervisor.Props(new OneForOneStrategy(_ => Directive.Restart)));
        parent.Tell(Props.Create(() => new Counter(TestActor)), TestActor);
        var failing = ExpectMsg<IActorRef>();
        parent.Tell(Props.Create(() => new Counter(TestActor)), TestActor);
        var sibling = ExpectMsg<IActorRef>();
        sibling.Tell("inc", TestActor);

        // Act
        failing.Tell(new InvalidOperationException("boom"), TestActor);
        ExpectMsg("restarted:boom");
        sibling.Tell("get", TestActor);

        // Assert
        ExpectMsg(1);
    }

    [Fact]
    public void OneForOne_DeciderPicksByExceptionType()
    {
        var strategy = new OneForOneStrategy(cause => cause is ArgumentException ? Directive.Resume : Directive.Stop);
        var (_, counter) = Supervisor.Spawn(Sys, strategy, Props.Create(() => new Counter(null)));
        Watch(counter);
        counter.Tell("inc", TestActor);

        counter.Tell(new ArgumentException("resume me"), TestActor);
        counter.Tell("get", TestActor);
        ExpectMsg(1);
        counter.Tell(new InvalidOperationException("stop me"), TestActor);

        ExpectTerminated(counter);
    }

    [Fact]
    public void PropsStrategy_WinsOverTheActorsOwnStrategy()
    {
        // Arrange: Middle's own strategy escalates; the props say Resume.
        var middle = Sys.ActorOf(Props.Create(() => new Middle(TestActor)).WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Resume)));
        middle.Tell(Props.Create(() => new Counter(null)), TestActor);
        var leaf = ExpectMsg<IActorRef>();
        leaf.Tell("inc", TestActor);

        // Act
        leaf.Tell(new InvalidOperationException("boom"), TestActor);
        leaf.Tell("get", TestActor);

        // Assert: resumed (state kept), and Middle was not restarted.
        ExpectMsg(1);
        ExpectNoMsg();
    }

    [Fact]
    public void Decider_Throws_EscalatesAndTheParentIsRestarted()
    {
        // Arrange: a top-level parent whose decider throws; the guardian restarts whatever escalates to it.
        var (_, child) = Supervisor.Spawn(Sys, new OneForOneStrategy(_ => throw new InvalidOperationException("decider broke")), Props.Create(() => new Counter(null)));
        Watch(child);

        // Act
        child.Tell(new InvalidOperationException("boom"), TestActor);

        // Assert: the parent's restart (default PreRestart) stopped the child.
        ExpectTerminated(child);
    }

    [Fact]
    public void Resume_AfterTheActorFailedToStart_CreatesAFreshInstance()
    {
        // Arrange: the first instance throws in its constructor; the supervisor resumes everything.
        var attempts = new StrongBox<int>();
        var (_, actor) = Supervisor.Spawn(Sys, new OneForOneStrategy(_ => Directive.Resume), Props.Create(() => new FailsFirstTime(attempts)));

        // Act
        actor.Tell("ping", TestActor);

        // Assert: as in Akka, there is no instance to resume, so one is created, and it handles the message.
        ExpectMsg("pong");
        Assert.Equal(2, Volatile.Read(ref attempts.Value));
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }

    private sealed class FailsFirstTime : ReceiveActor
    {
        public FailsFirstTime(StrongBox<int> attempts)
        {
            if (Interlocked.Increment(ref attempts.Value) == 1)
            {
                throw new InvalidOperationException("first start fails");
            }

            Receive<string>(s => s == "ping", _ => Sender.Tell("pong", Self));
        }
    }

    [Fact]
    public void DefaultStrategy_ConstructorThrows_StopsTheActor()
    {
        var actor = Sys.ActorOf(Props.Create<ThrowsInConstructor>());
        Watch(actor);

        ExpectTerminated(actor);
    }

    [Fact]
    public void DefaultStrategy_PreStartThrows_StopsTheActor()
    {
        var actor = Sys.ActorOf(Props.Create<ThrowsInPreStart>());
        Watch(actor);

        ExpectTerminated(actor);
    }

    private sealed class ThrowsInConstructor : ReceiveActor
    {
        public ThrowsInConstructor() => throw new InvalidOperationException("cannot construct");
    }

    private sealed class ThrowsInPreStart : ReceiveActor
    {
        protected internal override void PreStart() => throw new InvalidOperationException("cannot start");
    }
}
