using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class DeathWatchTests : TestKit.TestKit
{
    public DeathWatchTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    private sealed class Idle : ReceiveActor
    {
        public Idle()
        {
            Receive<string>(s => s == "ping", _ => Sender.Tell("pong", Self));
            Receive<Hold>(h => h.Block(Sender, Self));
        }
    }

    /// <summary>Watches what it is told to (twice, to check Terminated comes once) and reports Terminated to the probe.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe)
        {
            Receive<WatchIt>(w =>
            {
                Context.Watch(w.Target);
                Context.Watch(w.Target);
                Sender.Tell("watching", Self);
            });
            Receive<UnwatchIt>(u =>
            {
                Context.Unwatch(u.Target);
                Sender.Tell("unwatched", Self);
            });
            Receive<Terminated>(t => probe.Tell(new Seen(t.ActorRef, Sender), Self));
            Receive<string>(s => s == "ping", _ => Sender.Tell("pong", Self));
        }
    }

    /// <summary>Watches but does not handle Terminated: a death pact.</summary>
    private sealed class Pact : ReceiveActor
    {
        public Pact()
        {
            Receive<WatchIt>(w =>
            {
                Context.Watch(w.Target);
                Sender.Tell("watching", Self);
            });
        }
    }

    /// <summary>Watches a target, then awaits a gate before unwatching it; never handles Terminated.</summary>
    private sealed class LateUnwatcher : ReceiveActor
    {
        public LateUnwatcher()
        {
            ReceiveAsync<WatchThenUnwatchAfter>(async m =>
            {
                Context.Watch(m.Target);
                Sender.Tell("watching", Self);
                await m.Gate.Task;
                Context.Unwatch(m.Target);
                Sender.Tell("unwatched", Self);
            });
            Receive<string>(s => s == "ping", _ => Sender.Tell("pong", Self));
        }
    }

    /// <summary>Creates and watches "kid"; on its Terminated re-creates it under the same name and reports how that went.</summary>
    private sealed class Renewer : ReceiveActor
    {
        public Renewer(IActorRef probe)
        {
            Receive<string>(s => s == "kid?", _ => Sender.Tell(Context.Child("kid")!, Self));
            Receive<Terminated>(_ =>
            {
                try
                {
                    Context.Watch(Context.ActorOf(Props.Create<Idle>(), "kid"));
                    probe.Tell("recreated", Self);
                }
                catch (InvalidActorNameException e)
                {
                    probe.Tell(e.Message, Self);
                }
            });
        }

        protected internal override void PreStart() => Context.Watch(Context.ActorOf(Props.Create<Idle>(), "kid"));
    }

    private sealed record WatchIt(IActorRef Target);

    private sealed record UnwatchIt(IActorRef Target);

    private sealed record WatchThenUnwatchAfter(IActorRef Target, TaskCompletionSource Gate);

    private sealed record Seen(IActorRef Terminated, IActorRef Sender);

    [Fact]
    public void Watch_TargetStops_TerminatedDeliveredOnceWithTheDeadActorAsSender()
    {
        // Arrange
        var target = Sys.ActorOf(Props.Create<Idle>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(target), TestActor);
        ExpectMsg("watching");

        // Act
        Sys.Stop(target);

        // Assert
        var seen = ExpectMsg<Seen>();
        Assert.Same(target, seen.Terminated);
        Assert.Same(target, seen.Sender);
        ExpectNoMsg();
    }

    [Fact]
    public void Watch_ProbeWatchesTwice_TerminatedDeliveredOnce()
    {
        var target = Sys.ActorOf(Props.Create<Idle>());
        Watch(target);
        Watch(target);

        target.Tell(PoisonPill.Instance, TestActor);

        ExpectTerminated(target);
        ExpectNoMsg();
    }

    [Fact]
    public void Watch_AlreadyStoppedActor_DeliversTerminated()
    {
        // Arrange
        var target = Sys.ActorOf(Props.Create<Idle>());
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        var probe = CreateTestProbe();

        // Act
        watcher.Tell(new WatchIt(target), TestActor);
        probe.Watch(target);

        // Assert
        ExpectMsg("watching");
        Assert.Same(target, ExpectMsg<Seen>().Terminated);
        probe.ExpectTerminated(target);
    }

    [Fact]
    public void Unwatch_BeforeTheTargetStops_NoTerminated()
    {
        // Arrange
        var target = Sys.ActorOf(Props.Create<Idle>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(target), TestActor);
        ExpectMsg("watching");
        watcher.Tell(new UnwatchIt(target), TestActor);
        ExpectMsg("unwatched");
        Watch(target);

        // Act
        Sys.Stop(target);

        // Assert: only the test actor's own watch fires; the watcher still answers.
        ExpectTerminated(target);
        watcher.Tell("ping", TestActor);
        ExpectMsg("pong");
    }

    [Fact]
    public void Unwatch_TerminatedQueuedButNotYetDelivered_IsNotDelivered()
    {
        // Arrange: the watcher is suspended in an async handler when the target dies, so the Terminated waits in its
        // queue; it unwatches before it is delivered. Akka then drops the Terminated.
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var target = Sys.ActorOf(Props.Create<Idle>());
        var watcher = Sys.ActorOf(Props.Create<LateUnwatcher>());
        Watch(watcher);
        var targetGate = new ManualResetEventSlim();
        target.Tell(new Hold(targetGate), TestActor);
        ExpectMsg(Hold.Holding);
        target.Tell(PoisonPill.Instance, TestActor);
        target.Tell("queued behind the pill", TestActor);
        var watcherGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Tell(new WatchThenUnwatchAfter(target, watcherGate), TestActor);
        ExpectMsg("watching");

        // Act: the target stops; its queued message becomes a dead letter only after the watcher was notified.
        targetGate.Set();
        deadLetters.ExpectMsg<DeadLetter>(d => Equals(d.Message, "queued behind the pill"));
        watcherGate.SetResult();
        ExpectMsg("unwatched");

        // Assert: no Terminated (which would be unhandled, a death pact that stops the watcher).
        watcher.Tell("ping", TestActor);
        ExpectMsg("pong");
    }

    [Fact]
    public void UnhandledTerminated_DeathPact_StopsTheWatcher()
    {
        // Arrange
        var target = Sys.ActorOf(Props.Create<Idle>());
        var pact = Sys.ActorOf(Props.Create<Pact>());
        pact.Tell(new WatchIt(target), TestActor);
        ExpectMsg("watching");
        Watch(pact);

        // Act
        Sys.Stop(target);

        // Assert: DeathPactException; the default strategy stops the watcher.
        ExpectTerminated(pact);
    }

    [Fact]
    public void UnhandledTerminated_DeathPact_SupervisorSeesDeathPactException()
    {
        // Arrange
        Exception? seen = null;
        var strategy = new OneForOneStrategy(cause =>
        {
            Volatile.Write(ref seen, cause);
            return Directive.Stop;
        });
        var target = Sys.ActorOf(Props.Create<Idle>());
        var (_, pact) = Supervisor.Spawn(Sys, strategy, Props.Create<Pact>());
        pact.Tell(new WatchIt(target), TestActor);
        ExpectMsg("watching");
        Watch(pact);

        // Act
        Sys.Stop(target);

        // Assert
        ExpectTerminated(pact);
        var deathPact = Assert.IsType<DeathPactException>(Volatile.Read(ref seen));
        Assert.Same(target, deathPact.DeadActor);
    }

    [Fact]
    public async Task Watch_ParentGetsTerminatedWhileTheChildIsStillStopping_NameIsAlreadyFree()
    {
        // Arrange: the kid tells its watchers it stopped, then drains its mailbox to dead letters, and only then
        // reports to its parent. A dead-letter subscriber with a full bounded mailbox holds the kid in that drain, so
        // the parent (which watches it) handles Terminated while the kid is still finishing. As in Akka, the name
        // must already be free then: a parent handles its child's death before it delivers Terminated.
        var subscriberGate = new ManualResetEventSlim();
        try
        {
            var subscriber = Sys.ActorOf(Props.Create<Idle>().WithBoundedMailbox(1, TimeSpan.FromSeconds(2)));
            subscriber.Tell(new Hold(subscriberGate), TestActor);
            ExpectMsg(Hold.Holding);
            subscriber.Tell("takes the only slot", TestActor);
            Sys.EventStream.Subscribe(subscriber, typeof(DeadLetter));
            var parent = Sys.ActorOf(Props.Create(() => new Renewer(TestActor)));
            var kid = await parent.Ask<IActorRef>("kid?", TestProbe.DefaultTimeout);
            var kidGate = new ManualResetEventSlim();
            kid.Tell(new Hold(kidGate), TestActor);
            ExpectMsg(Hold.Holding);
            kid.Tell(PoisonPill.Instance, TestActor);
            kid.Tell("drained as a dead letter", TestActor);

            // Act
            kidGate.Set();

            // Assert
            ExpectMsg("recreated");
        }
        finally
        {
            subscriberGate.Set();
        }
    }

    [Fact]
    public void Watch_Self_IsIgnored()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(watcher), TestActor);
        ExpectMsg("watching");
        Watch(watcher);

        Sys.Stop(watcher);

        ExpectTerminated(watcher);
        ExpectNoMsg();
    }

    [Fact]
    public void Watch_DeadLetters_DeliversTerminatedAtOnce()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));

        watcher.Tell(new WatchIt(Sys.DeadLetters), TestActor);

        ExpectMsg("watching");
        Assert.Same(Sys.DeadLetters, ExpectMsg<Seen>().Terminated);
    }

    [Fact]
    public void ProbeUnwatch_BeforeStop_NoTerminated()
    {
        var target = Sys.ActorOf(Props.Create<Idle>());
        var probe = CreateTestProbe();
        probe.Watch(target);
        probe.Unwatch(target);
        Watch(target);

        Sys.Stop(target);

        ExpectTerminated(target);
        probe.ExpectNoMsg();
    }
}
