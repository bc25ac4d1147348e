using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class MailboxTests : TestKit.TestKit
{
    public MailboxTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
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
    public async Task BoundedMailbox_Full_SenderWaitsUntilThereIsRoom()
    {
        // Arrange: the actor is held, and its two slots are taken.
        var echo = Sys.ActorOf(Props.Create<Echo>().WithBoundedMailbox(2, TimeSpan.FromSeconds(10)));
        var gate = new ManualResetEventSlim();
        echo.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);
        echo.Tell("1", TestActor);
        echo.Tell("2", TestActor);

        // Act
        var third = OwnThread.Run(() => echo.Tell("3", TestActor));

        // Assert: the third sender waits while the mailbox is full, then gets in once the actor drains it.
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(third.IsCompleted, "the sender should wait while the mailbox is full");
        gate.Set();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new object[] { "1", "2", "3" }, ReceiveN(3));
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    [Fact]
    public void BoundedMailbox_FullPastThePushTimeout_MessageBecomesADeadLetter()
    {
        // Arrange
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create<Echo>().WithBoundedMailbox(1, TimeSpan.FromMilliseconds(50)));
        var gate = new ManualResetEventSlim();
        echo.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);
        echo.Tell("fits", TestActor);

        // Act: returns after the push timeout.
        echo.Tell("does not fit", TestActor);

        // Assert
        var deadLetter = probe.ExpectMsg<DeadLetter>();
        Assert.Equal(new DeadLetter("does not fit", TestActor, echo), deadLetter);
        Assert.Equal(1, Sys.DeadLetterCount);
        gate.Set();
        ExpectMsg("fits");
        ExpectNoMsg();
    }

    [Fact]
    public void BoundedMailbox_ZeroPushTimeout_FullMailboxDeadLettersAtOnce()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>().WithBoundedMailbox(1, TimeSpan.Zero));
        var gate = new ManualResetEventSlim();
        echo.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);
        echo.Tell("fits", TestActor);

        echo.Tell("does not fit", TestActor);

        Assert.Equal(1, Sys.DeadLetterCount);
        gate.Set();
        ExpectMsg("fits");
    }

    [Fact]
    public void BoundedMailbox_ManyMessagesThroughASmallMailbox_AllArriveInOrder()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>().WithBoundedMailbox(4, TimeSpan.FromSeconds(10)));

        for (var i = 0; i < 1_000; i++)
        {
            echo.Tell($"{i}", TestActor);
        }

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (object)$"{i}"), ReceiveN(1_000));
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    [Fact]
    public async Task BoundedMailbox_ActorStopped_WaitingSenderIsReleasedAndMessageDeadLettered()
    {
        // Arrange
        var echo = Sys.ActorOf(Props.Create<Echo>().WithBoundedMailbox(1, TimeSpan.FromSeconds(10)));
        Watch(echo);
        var gate = new ManualResetEventSlim();
        echo.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);
        echo.Tell("fits", TestActor);
        var waiting = OwnThread.Run(() => echo.Tell("waits", TestActor));

        // Act
        Sys.Stop(echo);
        gate.Set();

        // Assert
        ExpectTerminated(echo);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        AwaitCondition(() => Sys.DeadLetterCount == 2);
    }

    [Fact]
    public void WithBoundedMailbox_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Props.Create<Echo>().WithBoundedMailbox(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Props.Create<Echo>().WithBoundedMailbox(1, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void WithThroughput_One_AllMessagesStillArriveInOrder()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>().WithThroughput(1));

        for (var i = 0; i < 200; i++)
        {
            echo.Tell($"{i}", TestActor);
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (object)$"{i}"), ReceiveN(200));
    }

    [Fact]
    public void WithThroughput_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Props.Create<Echo>().WithThroughput(0));
    }
}
