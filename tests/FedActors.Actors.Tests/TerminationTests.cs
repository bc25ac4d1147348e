using System.Collections.Concurrent;
using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class TerminationTests : TestKit.TestKit
{
    public TerminationTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<Hold>(h => h.Block(Sender, Self));
            Receive<string>(s => s == "stop-self", _ =>
            {
                Context.Stop(Self);
                Sender.Tell("stopping", Self);
            });
            Receive<string>(s => Sender.Tell(s, Self));
        }
    }

    /// <summary>Counts PreStart and PostStop across all instances.</summary>
    private sealed class Counted : ReceiveActor
    {
        private readonly Counts _counts;

        public Counted(Counts counts) => _counts = counts;

        protected internal override void PreStart() => Interlocked.Increment(ref _counts.Started);

        protected internal override void PostStop() => Interlocked.Increment(ref _counts.Stopped);
    }

    private sealed class Counts
    {
        public int Started;
        public int Stopped;
    }

    [Fact]
    public async Task Terminate_RunsEveryPostStopChildrenBeforeParents()
    {
        // Arrange: two trees of depth 2 (7 actors each) and a lone actor.
        var stopped = new ConcurrentQueue<string>();
        Sys.ActorOf(Props.Create(() => new LifecycleTests.Tree(stopped, 2)), "a");
        Sys.ActorOf(Props.Create(() => new LifecycleTests.Tree(stopped, 2)), "b");
        Sys.ActorOf(Props.Create(() => new LifecycleTests.Tree(stopped, 0)), "c");

        // Act
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));

        // Assert
        var order = stopped.ToList();
        Assert.Equal(15, order.Count);
        Assert.Equal(order.Count, order.Distinct().Count());
        foreach (var path in order)
        {
            foreach (var descendant in order.Where(p => p.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                Assert.True(order.IndexOf(descendant) < order.IndexOf(path), $"{descendant} stopped after its ancestor {path}");
            }
        }

        Assert.True(Sys.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Terminate_NoActors_CompletesWhenTerminated()
    {
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(Sys.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Terminate_CalledTwice_BothComplete()
    {
        Sys.ActorOf(Props.Create<Echo>());

        var first = Sys.Terminate();
        var second = Sys.Terminate();

        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ActorOf_AfterTerminate_Throws()
    {
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Throws<InvalidOperationException>(() => Sys.ActorOf(Props.Create<Echo>()));
    }

    [Fact]
    public void PoisonPill_StopsAfterEarlierMessages_LaterOnesBecomeDeadLetters()
    {
        // Arrange
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create<Echo>());
        Watch(echo);

        // Act
        echo.Tell("a", TestActor);
        echo.Tell("b", TestActor);
        echo.Tell(PoisonPill.Instance, TestActor);
        echo.Tell("c", TestActor);

        // Assert
        ExpectMsg("a");
        ExpectMsg("b");
        ExpectTerminated(echo);
        Assert.Equal("c", probe.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Kill_DefaultStrategy_StopsTheActor()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        Watch(echo);

        echo.Tell(Kill.Instance, TestActor);

        ExpectTerminated(echo);
    }

    [Fact]
    public void Kill_SupervisorRestartsOnActorKilledException_ActorRestarts()
    {
        // Arrange
        Exception? seen = null;
        var strategy = new OneForOneStrategy(cause =>
        {
            Volatile.Write(ref seen, cause);
            return Directive.Restart;
        });
        var (_, echo) = Supervisor.Spawn(Sys, strategy, Props.Create<Echo>());

        // Act
        echo.Tell(Kill.Instance, TestActor);
        echo.Tell("still here", TestActor);

        // Assert
        ExpectMsg("still here");
        Assert.IsType<ActorKilledException>(Volatile.Read(ref seen));
    }

    [Fact]
    public void ContextStopSelf_StopsAfterTheCurrentMessage()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        Watch(echo);

        echo.Tell("stop-self", TestActor);
        echo.Tell("after", TestActor);

        ExpectMsg("stopping");
        ExpectTerminated(echo);
        ExpectNoMsg();
    }

    [Fact]
    public void Stop_WhileBusy_StopsAfterTheCurrentMessage()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        Watch(echo);
        var gate = new ManualResetEventSlim();
        echo.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);

        Sys.Stop(echo);
        echo.Tell("queued", TestActor);
        gate.Set();

        ExpectTerminated(echo);
        ExpectNoMsg();
    }

    [Fact]
    public void Dispose_TerminatesTheSystem()
    {
        var system = ActorSystem.Create("disposable", new ActorSystemSettings { LogSink = _ => { } });
        var counts = new Counts();
        system.ActorOf(Props.Create(() => new Counted(counts)));

        system.Dispose();

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Equal(1, counts.Stopped);
    }
}
