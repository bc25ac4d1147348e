using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class AskAndPipeToTests : TestKit.TestKit
{
    public AskAndPipeToTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    /// <summary>Replies with whatever <see cref="ReplyWith"/> carries; keeps the sender of "later" to answer on "now".</summary>
    private sealed class Responder : ReceiveActor
    {
        private IActorRef? _waiting;

        public Responder()
        {
            Receive<ReplyWith>(r => Sender.Tell(r.Reply, Self));
            Receive<string>(s => s == "later", _ => _waiting = Sender);
            Receive<string>(s => s == "now", _ => _waiting?.Tell("late reply", Self));
            Receive<string>(s => s == "who", _ => Sender.Tell(Sender, Self));
        }
    }

    /// <summary>Forwards everything to the target it was created with.</summary>
    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(target.Forward);
    }

    /// <summary>Starts async work on "work" and pipes its result back to itself, then replies to the original sender.</summary>
    private sealed class Piper : ReceiveActor
    {
        public Piper()
        {
            Receive<Work>(w => Task.Run(() => w.Input * 2).PipeTo(Self, Sender));
            Receive<int>(result => Sender.Tell($"result:{result}", Self));
        }
    }

    /// <summary>Asks another actor from inside an async handler and relays the answer.</summary>
    private sealed class Asker : ReceiveActor
    {
        public Asker(IActorRef responder)
        {
            ReceiveAsync<string>(async s =>
            {
                var reply = await responder.Ask<string>(new ReplyWith($"re:{s}"), TestProbe.DefaultTimeout);
                Sender.Tell(reply, Self);
            });
        }
    }

    private sealed record ReplyWith(object Reply);

    private sealed record Work(int Input);

    [Fact]
    public async Task Ask_Reply_CompletesWithIt()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>());

        var reply = await responder.Ask<string>(new ReplyWith("hello"), TestProbe.DefaultTimeout);

        Assert.Equal("hello", reply);
    }

    [Fact]
    public async Task Ask_NoReplyInTime_ThrowsAskTimeoutException()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>(), "silent");

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => responder.Ask<string>("later", TimeSpan.FromMilliseconds(50)));

        Assert.Contains("silent", error.Message);
    }

    [Fact]
    public async Task Ask_Cancelled_ThrowsOperationCanceledException()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>());
        using var cancellation = new CancellationTokenSource();

        var ask = responder.Ask<string>("later", TimeSpan.FromSeconds(30), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_StatusFailureReply_ThrowsItsCause()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>());
        var cause = new InvalidOperationException("no such model");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => responder.Ask<string>(new ReplyWith(new Status.Failure(cause)), TestProbe.DefaultTimeout));

        Assert.Same(cause, error);
    }

    [Fact]
    public async Task Ask_ReplyOfAnotherType_ThrowsInvalidCastException()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>());

        var error = await Assert.ThrowsAsync<InvalidCastException>(() => responder.Ask<string>(new ReplyWith(42), TestProbe.DefaultTimeout));

        Assert.Contains("String", error.Message);
        Assert.Contains("Int32", error.Message);
    }

    [Fact]
    public async Task Ask_ReplyAfterTimeout_GoesToDeadLetters()
    {
        // Arrange
        var responder = Sys.ActorOf(Props.Create<Responder>());
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        await Assert.ThrowsAsync<AskTimeoutException>(() => responder.Ask<string>("later", TimeSpan.FromMilliseconds(50)));

        // Act
        responder.Tell("now", TestActor);

        // Assert
        var deadLetter = ExpectMsg<DeadLetter>();
        Assert.Equal("late reply", deadLetter.Message);
        Assert.Same(responder, deadLetter.Sender);
    }

    [Fact]
    public async Task Ask_FromInsideAnActor_RelaysTheReply()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>());
        var asker = Sys.ActorOf(Props.Create(() => new Asker(responder)));

        var reply = await asker.Ask<string>("q", TestProbe.DefaultTimeout);

        Assert.Equal("re:q", reply);
    }

    [Fact]
    public async Task Ask_SenderSeenByTheReceiver_IsATemporaryRefNotTheCaller()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>());

        var sender = await responder.Ask<IActorRef>("who", TestProbe.DefaultTimeout);

        Assert.Contains("/temp/", sender.Path);
    }

    [Fact]
    public void Forward_KeepsTheOriginalSender()
    {
        // Arrange
        var responder = Sys.ActorOf(Props.Create<Responder>());
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(responder)));

        // Act
        forwarder.Tell("who", TestActor);

        // Assert: the responder saw the test actor as sender and replied to it directly.
        Assert.Same(TestActor, ExpectMsg<IActorRef>());
        Assert.Same(responder, LastSender);
    }

    [Fact]
    public void Forward_OutsideAnActor_Throws()
    {
        var responder = Sys.ActorOf(Props.Create<Responder>());

        Assert.Throws<InvalidOperationException>(() => responder.Forward("who"));
    }

    [Fact]
    public void PipeTo_Success_SendsTheResultWithTheGivenSender()
    {
        var sender = CreateTestProbe();

        Task.FromResult(42).PipeTo(TestActor, sender.Ref);

        ExpectMsg(42);
        Assert.Same(sender.Ref, LastSender);
    }

    [Fact]
    public void PipeTo_Failure_SendsStatusFailureWithTheCause()
    {
        var cause = new InvalidOperationException("disk full");

        Task.FromException<int>(cause).PipeTo(TestActor);

        Assert.Same(cause, ExpectMsg<Status.Failure>().Cause);
    }

    [Fact]
    public void PipeTo_Canceled_SendsStatusFailureWithTaskCanceledException()
    {
        Task.FromCanceled<int>(new CancellationToken(canceled: true)).PipeTo(TestActor);

        Assert.IsType<TaskCanceledException>(ExpectMsg<Status.Failure>().Cause);
    }

    [Fact]
    public void PipeTo_WithMappings_SendsTheMappedMessages()
    {
        Task.FromResult(2).PipeTo(TestActor, success: n => $"ok:{n}");
        ExpectMsg("ok:2");

        Task.FromException<int>(new InvalidOperationException("bad")).PipeTo(TestActor, failure: e => $"failed:{e.Message}");
        ExpectMsg("failed:bad");
    }

    [Fact]
    public void PipeTo_TaskWithoutResult_SendsStatusSuccessOrFailure()
    {
        Task.CompletedTask.PipeTo(TestActor);
        ExpectMsg<Status.Success>();

        var cause = new InvalidOperationException("bad");
        Task.FromException(cause).PipeTo(TestActor);
        Assert.Same(cause, ExpectMsg<Status.Failure>().Cause);
    }

    [Fact]
    public void PipeTo_ToSelfWithOriginalSender_ActorRepliesToTheOriginalSender()
    {
        var piper = Sys.ActorOf(Props.Create<Piper>());

        piper.Tell(new Work(21), TestActor);

        ExpectMsg("result:42");
    }
}
