using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class LifecycleTests : TestKit.TestKit
{
    private static int s_nextInstance;

    public LifecycleTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    /// <summary>Reports every hook with its instance number; overrides do not call the base hooks.</summary>
    private sealed class Recorder : ReceiveActor
    {
        private readonly IActorRef _probe;
        private readonly int _instance = Interlocked.Increment(ref s_nextInstance);

        public Recorder(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "who", _ => Sender.Tell(_instance, Self));
        }

        protected internal override void PreStart() => _probe.Tell(new Hook("PreStart", _instance, null, null), Self);

        protected internal override void PreRestart(Exception reason, object? message) =>
            _probe.Tell(new Hook("PreRestart", _instance, reason.Message, message), Self);

        protected internal override void PostRestart(Exception reason) => _probe.Tell(new Hook("PostRestart", _instance, reason.Message, null), Self);

        protected internal override void PostStop() => _probe.Tell(new Hook("PostStop", _instance, null, null), Self);
    }

    /// <summary>Reports PreStart and PostStop only, so the default PreRestart/PostRestart call them.</summary>
    private sealed class DefaultHooks : ReceiveActor
    {
        private readonly IActorRef _probe;
        private readonly int _instance = Interlocked.Increment(ref s_nextInstance);

        public DefaultHooks(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
        }

        protected internal override void PreStart() => _probe.Tell(new Hook("PreStart", _instance, null, null), Self);

        protected internal override void PostStop() => _probe.Tell(new Hook("PostStop", _instance, null, null), Self);
    }

    /// <summary>Creates a child named "kid" when it starts; fails on "boom"; reports its kid on "kid?".</summary>
    private sealed class ParentWithKid : ReceiveActor
    {
        public ParentWithKid(IActorRef probe, bool keepChildrenOnRestart)
        {
            KeepChildren = keepChildrenOnRestart;
            var kid = Context.Child("kid") ?? Context.ActorOf(Props.Create(() => new Kid()), "kid");
            probe.Tell(new KidCreated(kid), Self);
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "kid?", _ => Sender.Tell(Context.Child("kid") ?? (object)"none", Self));
        }

        private bool KeepChildren { get; }

        protected internal override void PreRestart(Exception reason, object? message)
        {
            if (!KeepChildren)
            {
                base.PreRestart(reason, message);
            }
        }
    }

    private sealed class Kid : ReceiveActor
    {
        private int _count;

        public Kid()
        {
            Receive<string>(s => s == "inc", _ => _count++);
            Receive<string>(s => s == "get", _ => Sender.Tell(_count, Self));
        }
    }

    private sealed record Hook(string Name, int Instance, string? Reason, object? Message);

    private sealed record KidCreated(IActorRef Kid);

    [Fact]
    public void Hooks_StartFailRestartStop_RunInOrderOnTheRightInstances()
    {
        // Arrange
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(TestActor)));
        var first = ExpectMsg<Hook>(h => h.Name == "PreStart");

        // Act
        actor.Tell("boom", TestActor);
        var preRestart = ExpectMsg<Hook>();
        var postRestart = ExpectMsg<Hook>();
        Sys.Stop(actor);
        var postStop = ExpectMsg<Hook>();

        // Assert
        Assert.Equal(new Hook("PreRestart", first.Instance, "boom", "boom"), preRestart);
        Assert.Equal("PostRestart", postRestart.Name);
        Assert.NotEqual(first.Instance, postRestart.Instance);
        Assert.Equal("boom", postRestart.Reason);
        Assert.Equal(new Hook("PostStop", postRestart.Instance, null, null), postStop);
        ExpectNoMsg();
    }

    [Fact]
    public void DefaultRestartHooks_CallPostStopOnTheOldAndPreStartOnTheNewInstance()
    {
        var actor = Sys.ActorOf(Props.Create(() => new DefaultHooks(TestActor)));
        var first = ExpectMsg<Hook>(h => h.Name == "PreStart");

        actor.Tell("boom", TestActor);

        ExpectMsg<Hook>(h => h is { Name: "PostStop" } && h.Instance == first.Instance);
        ExpectMsg<Hook>(h => h is { Name: "PreStart" } && h.Instance != first.Instance);
    }

    [Fact]
    public void PreRestart_Default_StopsChildrenAndTheNewInstanceCanReuseTheirNames()
    {
        // Arrange
        var parent = Sys.ActorOf(Props.Create(() => new ParentWithKid(TestActor, false)));
        var oldKid = ExpectMsg<KidCreated>().Kid;
        var probe = CreateTestProbe();
        probe.Watch(oldKid);

        // Act
        parent.Tell("boom", TestActor);

        // Assert: the old kid stopped, and the new instance created a new "kid" without a name clash.
        probe.ExpectTerminated(oldKid);
        var newKid = ExpectMsg<KidCreated>().Kid;
        Assert.NotSame(oldKid, newKid);
        parent.Tell("kid?", TestActor);
        Assert.Same(newKid, ExpectMsg<IActorRef>());
    }

    [Fact]
    public void PreRestart_OverriddenToKeepChildren_ChildrenSurviveAndAreRestartedToo()
    {
        // Arrange
        var parent = Sys.ActorOf(Props.Create(() => new ParentWithKid(TestActor, true)));
        var kid = ExpectMsg<KidCreated>().Kid;
        kid.Tell("inc", TestActor);
        kid.Tell("get", TestActor);
        ExpectMsg(1);
        var probe = CreateTestProbe();
        probe.Watch(kid);

        // Act
        parent.Tell("boom", TestActor);

        // Assert: the new instance found the same kid, which (as in Akka) was restarted after its parent.
        Assert.Same(kid, ExpectMsg<KidCreated>().Kid);
        kid.Tell("get", TestActor);
        ExpectMsg(0);
        probe.ExpectNoMsg();
    }

    [Fact]
    public void PreStart_Throws_PostStopIsNotCalled()
    {
        // As in Akka, an instance that failed to start is discarded: it never ran, so it is not stopped either.
        var actor = Sys.ActorOf(Props.Create(() => new FailsToStart(TestActor)));
        Watch(actor);

        ExpectMsg("PreStart");
        ExpectTerminated(actor);
        ExpectNoMsg();
    }

    private sealed class FailsToStart : ReceiveActor
    {
        private readonly IActorRef _probe;

        public FailsToStart(IActorRef probe) => _probe = probe;

        protected internal override void PreStart()
        {
            _probe.Tell("PreStart", Self);
            throw new InvalidOperationException("cannot start");
        }

        protected internal override void PostStop() => _probe.Tell("PostStop", Self);
    }

    [Fact]
    public void PostStop_ActorStopped_RunsAfterItsChildrensPostStop()
    {
        // Arrange
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var parent = Sys.ActorOf(Props.Create(() => new Tree(events, 2)), "root");
        Watch(parent);

        // Act
        Sys.Stop(parent);
        ExpectTerminated(parent);

        // Assert: every actor stopped, each after its children.
        var order = events.ToList();
        Assert.Equal(7, order.Count);
        foreach (var path in order)
        {
            var children = order.Where(p => p.StartsWith(path + "/", StringComparison.Ordinal));
            Assert.All(children, child => Assert.True(order.IndexOf(child) < order.IndexOf(path), $"{child} stopped after its ancestor {path}"));
        }
    }

    [Fact]
    public void PreStart_RunsBeforeTheFirstMessage()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(TestActor)));
        actor.Tell("who", TestActor);

        ExpectMsg<Hook>(h => h.Name == "PreStart");
        ExpectMsg<int>();
    }

    /// <summary>A binary tree of actors of the given depth; each records its path in PostStop.</summary>
    internal sealed class Tree : ReceiveActor
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _events;

        public Tree(System.Collections.Concurrent.ConcurrentQueue<string> events, int depth)
        {
            _events = events;
            if (depth > 0)
            {
                Context.ActorOf(Props.Create(() => new Tree(events, depth - 1)), "left");
                Context.ActorOf(Props.Create(() => new Tree(events, depth - 1)), "right");
            }
        }

        protected internal override void PostStop() => _events.Enqueue(Self.Path);
    }
}
