using System.Collections.Concurrent;
using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class DeadLetterTests : TestKit.TestKit
{
    private readonly ConcurrentQueue<LogEvent> _log;

    public DeadLetterTests()
        : this(new ConcurrentQueue<LogEvent>())
    {
    }

    private DeadLetterTests(ConcurrentQueue<LogEvent> log)
        : base(new ActorSystemSettings { LogSink = log.Enqueue, DeadLetterLogLimit = 3 })
    {
        _log = log;
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<Hold>(h => h.Block(Sender, Self));
            Receive<string>(s => Sender.Tell(s, Self));
        }
    }

    [Fact]
    public void Tell_StoppedActor_IsCountedAndPublishedAsDeadLetter()
    {
        // Arrange
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);

        // Act
        echo.Tell("anyone there?", TestActor);

        // Assert
        var deadLetter = probe.ExpectMsg<DeadLetter>();
        Assert.Equal(new DeadLetter("anyone there?", TestActor, echo), deadLetter);
        Assert.Equal(1, Sys.DeadLetterCount);
        ExpectNoMsg();
    }

    [Fact]
    public void Stop_WithQueuedMessages_QueuedMessagesBecomeDeadLettersInOrder()
    {
        // Arrange: the actor is busy while three messages and the stop queue up behind it.
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var gate = new ManualResetEventSlim();
        echo.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);
        echo.Tell("1", TestActor);
        echo.Tell("2", TestActor);
        echo.Tell("3", TestActor);

        // Act: a stop is processed after the current message, before the queued ones.
        Sys.Stop(echo);
        gate.Set();

        // Assert
        Assert.Equal(new[] { "1", "2", "3" }, Enumerable.Range(0, 3).Select(_ => (string)probe.ExpectMsg<DeadLetter>().Message));
        Assert.Equal(3, Sys.DeadLetterCount);
        ExpectNoMsg();
    }

    [Fact]
    public void Reply_ToAMessageWithoutSender_GoesToDeadLetters()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create<Echo>());

        echo.Tell("no one to answer", ActorRefs.NoSender);

        var deadLetter = probe.ExpectMsg<DeadLetter>();
        Assert.Equal("no one to answer", deadLetter.Message);
        Assert.Same(echo, deadLetter.Sender);
        Assert.Same(Sys.DeadLetters, deadLetter.Recipient);
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    [Fact]
    public void DeadLetters_Tell_IsCounted()
    {
        Sys.DeadLetters.Tell("lost", TestActor);
        Sys.DeadLetters.Tell("lost too", TestActor);

        Assert.Equal(2, Sys.DeadLetterCount);
    }

    [Fact]
    public void DeadLetters_MoreThanTheLogLimit_LogsUpToTheLimitAndCountsAll()
    {
        for (var i = 0; i < 10; i++)
        {
            Sys.DeadLetters.Tell($"lost {i}", TestActor);
        }

        Assert.Equal(10, Sys.DeadLetterCount);
        var logged = _log.Where(e => e.Message.StartsWith("dead letter", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, logged.Count);
        Assert.Contains("further dead letters are counted", logged[^1].Message);
    }

    [Fact]
    public void Tell_NobodyFromInsideAnActor_IsCountedAsADeadLetter()
    {
        // ActorRefs.Nobody: "everything sent to it is dropped as a dead letter by the system that sees it".
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var relay = Sys.ActorOf(Props.Create<ToNobody>());

        relay.Tell("into the void", TestActor);

        Assert.Equal("into the void", probe.ExpectMsg<DeadLetter>().Message);
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    private sealed class ToNobody : ReceiveActor
    {
        public ToNobody() => Receive<string>(s => ActorRefs.Nobody.Tell(s, Self));
    }

    [Fact]
    public void Unsubscribe_NoMoreDeadLettersPublishedToIt()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        Sys.DeadLetters.Tell("first", TestActor);
        probe.ExpectMsg<DeadLetter>();

        Sys.EventStream.Unsubscribe(probe.Ref, typeof(DeadLetter));
        Sys.DeadLetters.Tell("second", TestActor);

        probe.ExpectNoMsg();
        Assert.Equal(2, Sys.DeadLetterCount);
    }

    [Fact]
    public void UnhandledMessage_IsPublishedAndIsNotADeadLetter()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var echo = Sys.ActorOf(Props.Create<Echo>());

        echo.Tell(42, TestActor);

        var unhandled = probe.ExpectMsg<UnhandledMessage>();
        Assert.Equal(new UnhandledMessage(42, TestActor, echo), unhandled);
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    [Fact]
    public void Stop_ParentWatchingItsChildren_TheirTerminatedAreNotDeadLetters()
    {
        // Arrange
        var parent = Sys.ActorOf(Props.Create(() => new WatchingParent(null)));
        Watch(parent);

        // Act
        Sys.Stop(parent);

        // Assert: as in Akka, an actor that is stopping takes no Terminated, so none is left over as a dead letter.
        ExpectTerminated(parent);
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    [Fact]
    public async Task Stop_WatchedActorDiesWhileTheWatcherIsStopping_TerminatedIsNotADeadLetter()
    {
        // Arrange: the watcher's child is held, so the watcher stays "stopping" while the watched actor dies.
        var watched = Sys.ActorOf(Props.Create<Echo>());
        var gate = new ManualResetEventSlim();
        var watcher = Sys.ActorOf(Props.Create(() => new WatchingParent(watched)));
        var child = await watcher.Ask<IActorRef>("child?", TestProbe.DefaultTimeout);
        child.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);
        Watch(watcher);
        Watch(watched);

        // Act
        Sys.Stop(watcher);
        Sys.Stop(watched);
        ExpectTerminated(watched);
        gate.Set();

        // Assert
        ExpectTerminated(watcher);
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    /// <summary>Creates and watches a child (and watches <c>other</c> when given); answers "child?".</summary>
    private sealed class WatchingParent : ReceiveActor
    {
        public WatchingParent(IActorRef? other)
        {
            var child = Context.Watch(Context.ActorOf(Props.Create<Echo>(), "child"));
            if (other is not null)
            {
                Context.Watch(other);
            }

            Receive<string>(s => s == "child?", _ => Sender.Tell(child, Self));
            Receive<Terminated>(_ => { });
        }
    }

    [Fact]
    public async Task Tell_AfterSystemTerminated_IsCounted()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        await Sys.Terminate();

        echo.Tell("too late", TestActor);

        Assert.Equal(1, Sys.DeadLetterCount);
    }
}
