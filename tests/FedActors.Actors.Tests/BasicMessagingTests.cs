using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class BasicMessagingTests : TestKit.TestKit
{
    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<string>(s => Sender.Tell($"echo:{s}"));
            Receive<int>(i => Sender.Tell(i + 1));
        }
    }

    private sealed class Counter : ReceiveActor
    {
        private int _count;

        public Counter()
        {
            Receive<string>(s => s == "inc", _ => _count++);
            Receive<string>(s => s == "get", _ => Sender.Tell(_count));
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
        }
    }

    [Fact]
    public void Tell_WithTestActorAsSender_RepliesToIt()
    {
        // Arrange
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");

        // Act
        echo.Tell("hi", TestActor);

        // Assert
        ExpectMsg("echo:hi");
        Assert.Same(echo, LastSender);
    }

    [Fact]
    public async Task Ask_Reply_CompletesWithIt()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());

        var reply = await echo.Ask<int>(41, TestProbe.DefaultTimeout);

        Assert.Equal(42, reply);
    }

    [Fact]
    public async Task Ask_NoReply_TimesOut()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());

        await Assert.ThrowsAsync<AskTimeoutException>(() => echo.Ask<int>(3.5, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Failure_DefaultStrategy_RestartsWithFreshStateAndKeepsTheMailbox()
    {
        var counter = Sys.ActorOf(Props.Create<Counter>());
        counter.Tell("inc", TestActor);
        counter.Tell("inc", TestActor);
        counter.Tell("get", TestActor);
        ExpectMsg(2);

        counter.Tell("boom", TestActor);
        counter.Tell("inc", TestActor);
        counter.Tell("get", TestActor);

        ExpectMsg(1);
    }

    [Fact]
    public void Watch_StoppedActor_DeliversTerminated()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        Watch(echo);

        Sys.Stop(echo);

        ExpectTerminated(echo);
    }
}
