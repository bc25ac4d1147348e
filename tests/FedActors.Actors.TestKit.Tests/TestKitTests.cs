using Xunit.Sdk;

namespace FedActors.Actors.TestKit.Tests;

public sealed class TestKitTests : TestKit
{
    public TestKitTests()
        : base(new ActorSystemSettings { LogSink = _ => { } }, "kit")
    {
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<string>(s => Sender.Tell(s, Self));
            Receive<int>(i => Sender.Tell(i, Self));
        }
    }

    /// <summary>Sends "hello?" to the probe it is told about; reports the answer and its sender to the reporter.</summary>
    private sealed class Greeter : ReceiveActor
    {
        public Greeter(IActorRef reporter)
        {
            Receive<IActorRef>(probe => probe.Tell("hello?", Self));
            Receive<string>(answer => reporter.Tell(new Answer(answer, Sender), Self));
        }
    }

    /// <summary>Sets a flag when told to.</summary>
    private sealed class Flagger : ReceiveActor
    {
        public Flagger(StrongBox<bool> flag) => Receive<string>(_ => Volatile.Write(ref flag.Value, true));
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }

    private sealed record Answer(string Text, IActorRef Sender);

    private sealed class OtherKit(ActorSystemSettings settings) : TestKit(settings, "other");

    [Fact]
    public void ExpectMsg_MessageArrives_ReturnsItAndRecordsTheSender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());

        echo.Tell("hi", TestActor);

        Assert.Equal("hi", ExpectMsg<string>());
        Assert.Same(echo, LastSender);
    }

    [Fact]
    public void ExpectMsg_NothingArrives_FailsWithATimeoutMessage()
    {
        var error = Assert.Throws<FailException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));

        Assert.Equal("fedactors://kit/system/testActor: timeout (50 ms) while waiting for a String", error.Message);
    }

    [Fact]
    public void ExpectMsg_WrongType_FailsNamingExpectedTypeAndWhatArrived()
    {
        TestActor.Tell(42, ActorRefs.NoSender);

        var error = Assert.Throws<FailException>(() => ExpectMsg<string>());

        Assert.Equal("fedactors://kit/system/testActor: expected a String but received Int32 42", error.Message);
    }

    [Fact]
    public void ExpectMsg_WrongValue_FailsNamingExpectedAndReceivedValues()
    {
        TestActor.Tell("actual", ActorRefs.NoSender);

        var error = Assert.Throws<FailException>(() => ExpectMsg("expected"));

        Assert.Equal("fedactors://kit/system/testActor: received String actual, which does not match the predicate (equal to expected)", error.Message);
    }

    [Fact]
    public void ExpectMsg_ValueOfWrongType_FailsNamingBoth()
    {
        TestActor.Tell("7", ActorRefs.NoSender);

        var error = Assert.Throws<FailException>(() => ExpectMsg(7));

        Assert.Equal("fedactors://kit/system/testActor: expected a Int32 (equal to 7) but received String 7", error.Message);
    }

    [Fact]
    public void ExpectMsg_PredicateDoesNotMatch_Fails()
    {
        TestActor.Tell(3, ActorRefs.NoSender);

        var error = Assert.Throws<FailException>(() => ExpectMsg<int>(i => i > 5));

        Assert.Contains("received Int32 3, which does not match the predicate", error.Message);
    }

    [Fact]
    public void ExpectNoMsg_NothingArrives_Passes()
    {
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void ExpectNoMsg_SomethingArrives_FailsNamingIt()
    {
        TestActor.Tell("surprise", ActorRefs.NoSender);

        var error = Assert.Throws<FailException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(50)));

        Assert.Equal("fedactors://kit/system/testActor: expected no message but received String surprise", error.Message);
    }

    [Fact]
    public void ExpectTerminated_ForAnotherActor_Fails()
    {
        var first = Sys.ActorOf(Props.Create<Echo>(), "first");
        var second = Sys.ActorOf(Props.Create<Echo>(), "second");
        Watch(first);

        Sys.Stop(first);

        var error = Assert.Throws<FailException>(() => ExpectTerminated(second));
        Assert.Contains("for fedactors://kit/user/second", error.Message);
    }

    [Fact]
    public void AwaitCondition_BecomesTrue_Passes()
    {
        var flag = new StrongBox<bool>();
        var flagger = Sys.ActorOf(Props.Create(() => new Flagger(flag)));

        flagger.Tell("set", ActorRefs.NoSender);

        AwaitCondition(() => Volatile.Read(ref flag.Value));
    }

    [Fact]
    public void AwaitCondition_NeverTrue_FailsAfterMaxWithTheMessage()
    {
        var error = Assert.Throws<FailException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), message: "the flag"));

        Assert.Equal("condition not met within 50 ms: the flag", error.Message);
    }

    [Fact]
    public void AwaitAssert_BecomesTrue_Passes()
    {
        var flag = new StrongBox<bool>();
        var flagger = Sys.ActorOf(Props.Create(() => new Flagger(flag)));

        flagger.Tell("set", ActorRefs.NoSender);

        AwaitAssert(() => Assert.True(Volatile.Read(ref flag.Value)));
    }

    [Fact]
    public void AwaitAssert_NeverPasses_RethrowsTheLastFailureAfterMax()
    {
        var attempts = 0;

        var error = Assert.Throws<EqualException>(() => AwaitAssert(() => Assert.Equal(1, ++attempts * 0), TimeSpan.FromMilliseconds(500)));

        Assert.True(attempts > 1, "the assertion should have been retried");
        Assert.Contains("Expected: 1", error.Message);
    }

    [Fact]
    public void ProbeSend_TargetSeesTheProbeAsSender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var probe = CreateTestProbe("sender");

        probe.Send(echo, "via probe");

        probe.ExpectMsg("via probe");
        Assert.Same(echo, probe.LastSender);
        ExpectNoMsg();
    }

    [Fact]
    public void Tell_WithAProbeAsSender_ReplyGoesToTheProbe()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var probe = CreateTestProbe();

        echo.Tell(5, probe.Ref);

        probe.ExpectMsg(5);
        ExpectNoMsg();
    }

    [Fact]
    public void ProbeReply_GoesToTheSenderOfTheLastMessage()
    {
        // Arrange
        var greeter = Sys.ActorOf(Props.Create(() => new Greeter(TestActor)));
        var probe = CreateTestProbe();
        greeter.Tell(probe.Ref, ActorRefs.NoSender);
        probe.ExpectMsg("hello?");

        // Act
        probe.Reply("hi from the probe");

        // Assert
        Assert.Equal(new Answer("hi from the probe", probe.Ref), ExpectMsg<Answer>());
    }

    [Fact]
    public void ProbeForward_KeepsTheOriginalSender()
    {
        // Arrange
        var greeter = Sys.ActorOf(Props.Create(() => new Greeter(TestActor)));
        var middle = CreateTestProbe();
        var last = CreateTestProbe();
        greeter.Tell(middle.Ref, ActorRefs.NoSender);
        middle.ExpectMsg("hello?");

        // Act
        middle.Forward(last.Ref);

        // Assert
        last.ExpectMsg("hello?");
        Assert.Same(greeter, last.LastSender);
    }

    [Fact]
    public void ProbeForward_NothingReceived_Throws()
    {
        var probe = CreateTestProbe();

        Assert.Throws<InvalidOperationException>(() => probe.Forward(TestActor));
    }

    [Fact]
    public void ReceiveN_ReturnsTheMessagesInArrivalOrder()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());

        echo.Tell("a", TestActor);
        echo.Tell(1, TestActor);
        echo.Tell("b", TestActor);

        Assert.Equal(new object[] { "a", 1, "b" }, ReceiveN(3));
    }

    [Fact]
    public void ReceiveN_TooFewMessages_FailsSayingHowManyCame()
    {
        TestActor.Tell("only one", ActorRefs.NoSender);

        var error = Assert.Throws<FailException>(() => ReceiveN(2, TimeSpan.FromMilliseconds(100)));

        Assert.Equal("fedactors://kit/system/testActor: timeout (100 ms) after 1 of 2 messages", error.Message);
    }

    [Fact]
    public void ProbeWatch_ThenUnwatch_NoTerminated()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var probe = CreateTestProbe();
        probe.Watch(echo);
        probe.Unwatch(echo);
        Watch(echo);

        Sys.Stop(echo);

        ExpectTerminated(echo);
        probe.ExpectNoMsg();
    }

    [Fact]
    public void LastSender_MessageWithoutSender_IsDeadLetters()
    {
        TestActor.Tell("anonymous", ActorRefs.NoSender);

        ExpectMsg("anonymous");

        Assert.Same(Sys.DeadLetters, LastSender);
    }

    [Fact]
    public void Dispose_TerminatesTheSystemWithTheGivenNameAndSettings()
    {
        var settings = new ActorSystemSettings { LogSink = _ => { }, Throughput = 7 };
        var kit = new OtherKit(settings);

        kit.Dispose();

        Assert.Equal("other", kit.Sys.Name);
        Assert.Same(settings, kit.Sys.Settings);
        Assert.True(kit.Sys.WhenTerminated.IsCompletedSuccessfully);
    }
}
