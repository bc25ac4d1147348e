using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class ReceiveAsyncTests : TestKit.TestKit
{
    public ReceiveAsyncTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    /// <summary>Awaits the gate of <see cref="WaitFor"/>; answers "ping" synchronously; counts in "state".</summary>
    private sealed class Waiter : ReceiveActor
    {
        private int _state;

        public Waiter()
        {
            ReceiveAsync<WaitFor>(async w =>
            {
                _state++;
                await w.Gate.Task;
                _state++;
                Sender.Tell($"done:{w.Name}", Self);
            });
            ReceiveAsync<FailAfter>(async f =>
            {
                await f.Gate.Task;
                throw new InvalidOperationException("async boom");
            });
            ReceiveAsync<string>(_ => throw new InvalidOperationException("sync boom"), s => s == "sync-throw");
            ReceiveAsync<string>(_ => Task.FromCanceled(new CancellationToken(canceled: true)), s => s == "cancelled");
            ReceiveAsync<string>(
                _ =>
                {
                    Sender.Tell("completed at once", Self);
                    return Task.CompletedTask;
                },
                s => s == "completed");
            Receive<string>(s => s == "ping", _ => Sender.Tell("pong", Self));
            Receive<string>(s => s == "state", _ => Sender.Tell(_state, Self));
        }

        protected internal override void PostRestart(Exception reason) => Context.System.EventStream.Publish(new Restarted(reason.Message));
    }

    /// <summary>After awaiting work on another thread, reports what it sees of Sender, Self and its state.</summary>
    private sealed class Inspector : ReceiveActor
    {
        private int _handled;

        public Inspector()
        {
            ReceiveAsync<string>(async s =>
            {
                var before = _handled;
                await Task.Run(() => { });

                // The kernel's own record of which cell runs on this thread (internal, visible to these tests).
                var inside = ReferenceEquals(ActorCell.Current?.Self, Self);
                _handled = before + 1;
                Sender.Tell(new Seen(s, Sender, Self, _handled, inside), Self);
            });
        }
    }

    /// <summary>Each message increments a counter across several awaits without locks; a lost update means two ran at once.</summary>
    private sealed class Interleaver : ReceiveActor
    {
        private int _counter;
        private int _inside;

        public Interleaver()
        {
            ReceiveAsync<int>(async _ =>
            {
                if (++_inside != 1)
                {
                    throw new InvalidOperationException("two handlers ran at once");
                }

                var read = _counter;
                await Task.Yield();
                await Task.Run(() => { });
                _counter = read + 1;
                _inside--;
            });
            Receive<string>(s => s == "count", _ => Sender.Tell(_counter, Self));
        }
    }

    /// <summary>Stashes while an async handler is pending and unstashes after it.</summary>
    private sealed class AsyncStasher : ReceiveActor
    {
        public AsyncStasher()
        {
            ReceiveAsync<WaitFor>(async w =>
            {
                await w.Gate.Task;
                Become(Ready);
                Stash.UnstashAll();
                Sender.Tell($"done:{w.Name}", Self);
            });
            Receive<string>(_ => Stash.Stash());
        }

        private void Ready() => Receive<string>(s => Sender.Tell(s, Self));
    }

    private sealed record WaitFor(string Name, TaskCompletionSource Gate);

    private sealed record FailAfter(TaskCompletionSource Gate);

    private sealed record Seen(string Message, IActorRef Sender, IActorRef Self, int Handled, bool InsideTheActor);

    private sealed record Restarted(string Reason);

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public void ReceiveAsync_TaskPending_NoOtherUserMessageIsProcessed()
    {
        // Arrange
        var waiter = Sys.ActorOf(Props.Create<Waiter>());
        var gate = NewGate();
        waiter.Tell(new WaitFor("first", gate), TestActor);

        // Act
        waiter.Tell("ping", TestActor);
        waiter.Tell("state", TestActor);

        // Assert: nothing while the task is pending; then the handler finishes before "ping" and "state".
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gate.SetResult();
        ExpectMsg("done:first");
        ExpectMsg("pong");
        ExpectMsg(2);
    }

    [Fact]
    public void ReceiveAsync_TwoAsyncMessages_RunOneAfterTheOther()
    {
        var waiter = Sys.ActorOf(Props.Create<Waiter>());
        var first = NewGate();
        var second = NewGate();
        waiter.Tell(new WaitFor("first", first), TestActor);
        waiter.Tell(new WaitFor("second", second), TestActor);

        second.SetResult();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        first.SetResult();

        ExpectMsg("done:first");
        ExpectMsg("done:second");
    }

    [Fact]
    public void ReceiveAsync_AfterAwait_SenderSelfAndStateStillWork()
    {
        var inspector = Sys.ActorOf(Props.Create<Inspector>());
        var probe = CreateTestProbe();

        probe.Send(inspector, "a");
        inspector.Tell("b", TestActor);

        var seenA = probe.ExpectMsg<Seen>();
        Assert.Equal(new Seen("a", probe.Ref, inspector, 1, true), seenA);
        var seenB = ExpectMsg<Seen>();
        Assert.Equal(new Seen("b", TestActor, inspector, 2, true), seenB);
    }

    [Fact]
    public void ReceiveAsync_ManyMessagesWithAwaits_NeverRunConcurrently()
    {
        // Arrange
        var interleaver = Sys.ActorOf(Props.Create<Interleaver>());

        // Act
        for (var i = 0; i < 500; i++)
        {
            interleaver.Tell(i, TestActor);
        }

        interleaver.Tell("count", TestActor);

        // Assert
        ExpectMsg(500, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void ReceiveAsync_TaskFaults_SupervisorRestartsTheActor()
    {
        // Arrange
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Restarted));
        var waiter = Sys.ActorOf(Props.Create<Waiter>());
        var gate = NewGate();
        waiter.Tell(new WaitFor("first", NewGateCompleted()), TestActor);
        ExpectMsg("done:first");

        // Act
        waiter.Tell(new FailAfter(gate), TestActor);
        waiter.Tell("state", TestActor);
        gate.SetResult();

        // Assert: the failure went to the supervisor (restart: fresh state), and the queued message survived.
        probe.ExpectMsg(new Restarted("async boom"));
        ExpectMsg(0);
    }

    [Fact]
    public void ReceiveAsync_TaskFaults_StoppingSupervisorStopsTheActor()
    {
        var (_, waiter) = Supervisor.Spawn(Sys, SupervisorStrategy.StoppingStrategy, Props.Create<Waiter>());
        Watch(waiter);
        var gate = NewGate();

        waiter.Tell(new FailAfter(gate), TestActor);
        gate.SetResult();

        ExpectTerminated(waiter);
    }

    [Fact]
    public void ReceiveAsync_HandlerThrowsSynchronously_IsAFailure()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Restarted));
        var waiter = Sys.ActorOf(Props.Create<Waiter>());

        waiter.Tell("sync-throw", TestActor);

        probe.ExpectMsg(new Restarted("sync boom"));
        waiter.Tell("ping", TestActor);
        ExpectMsg("pong");
    }

    [Fact]
    public void ReceiveAsync_TaskCancelled_IsAFailure()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Restarted));
        var waiter = Sys.ActorOf(Props.Create<Waiter>());

        waiter.Tell("cancelled", TestActor);

        probe.ExpectMsg<Restarted>();
    }

    [Fact]
    public void ReceiveAsync_TaskAlreadyCompleted_DoesNotSuspend()
    {
        var waiter = Sys.ActorOf(Props.Create<Waiter>());

        waiter.Tell("completed", TestActor);
        waiter.Tell("ping", TestActor);

        ExpectMsg("completed at once");
        ExpectMsg("pong");
    }

    [Fact]
    public void ReceiveAsync_StopWhileTaskPending_ActorStops()
    {
        var waiter = Sys.ActorOf(Props.Create<Waiter>());
        Watch(waiter);
        var gate = NewGate();
        waiter.Tell(new WaitFor("never", gate), TestActor);

        Sys.Stop(waiter);

        ExpectTerminated(waiter);
        gate.SetResult();
        ExpectNoMsg();
    }

    [Fact]
    public void ReceiveAsync_UnstashAllAfterAwait_StashedComeBeforeMessagesQueuedMeanwhile()
    {
        // "a" is stashed; "b" arrives while the async handler is pending and waits in the mailbox.
        var stasher = Sys.ActorOf(Props.Create<AsyncStasher>());
        var gate = NewGate();
        stasher.Tell("a", TestActor);
        stasher.Tell(new WaitFor("w", gate), TestActor);
        stasher.Tell("b", TestActor);

        gate.SetResult();

        Assert.Equal(new object[] { "done:w", "a", "b" }, ReceiveN(3));
    }

    private static TaskCompletionSource NewGateCompleted()
    {
        var gate = NewGate();
        gate.SetResult();
        return gate;
    }
}
