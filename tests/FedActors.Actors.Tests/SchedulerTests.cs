using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class SchedulerTests : TestKit.TestKit
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Starts a repeating tick to itself and forwards every tick to the probe; cancels the timer in PostStop.</summary>
    private sealed class Ticker : ReceiveActor
    {
        private readonly ICancelable _timer;

        public Ticker(IActorRef probe)
        {
            _timer = Context.System.Scheduler.ScheduleTellRepeatedly(Interval, Interval, Self, "tick", Self);
            Receive<string>(s => s == "tick", _ => probe.Tell("tick", Self));
        }

        protected internal override void PostStop() => _timer.Cancel();
    }

    [Fact]
    public void ScheduleTellOnce_AfterTheDelay_DeliversOnceWithTheGivenSender()
    {
        // Arrange
        var sender = CreateTestProbe();

        // Act
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "wake up", sender.Ref);

        // Assert
        ExpectMsg("wake up");
        Assert.Same(sender.Ref, LastSender);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void ScheduleTellOnce_LongDelay_IsNotDeliveredBeforeAShortOne()
    {
        // Arrange
        var late = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(1), TestActor, "late", null);

        // Act
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "soon", null);

        // Assert: the one-minute schedule waits; "soon" comes alone.
        ExpectMsg("soon");
        ExpectNoMsg();
        late.Cancel();
    }

    [Fact]
    public void ScheduleTellOnce_NegativeDelay_DeliversAtOnce()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(-1), TestActor, "now", null);

        ExpectMsg("now");
    }

    [Fact]
    public void ScheduleTellOnce_CancelledBeforeItIsDue_DeliversNothing()
    {
        var scheduled = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(200), TestActor, "never", null);

        scheduled.Cancel();

        Assert.True(scheduled.IsCancellationRequested);
        ExpectNoMsg(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public void ScheduleTellRepeatedly_DeliversRepeatedly()
    {
        var scheduled = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, Interval, TestActor, "tick", null);

        Assert.All(ReceiveN(3), m => Assert.Equal("tick", m));
        scheduled.Cancel();
    }

    [Fact]
    public void ScheduleTellRepeatedly_Cancel_StopsTheDeliveries()
    {
        // Arrange
        var scheduled = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, Interval, TestActor, "tick", null);
        ReceiveN(3);

        // Act
        scheduled.Cancel();

        // Assert: at most a tick already in flight when Cancel ran arrives; then nothing, over many intervals.
        Assert.True(scheduled.IsCancellationRequested);
        DrainUntilQuiet();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void ScheduleTellRepeatedly_NonPositiveInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, TestActor, "tick", null));
    }

    [Fact]
    public void Schedule_NullReceiverOrMessage_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, null!, "x", null));
        Assert.Throws<ArgumentNullException>(() => Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, TestActor, null!, null));
    }

    [Fact]
    public async Task Terminate_CancelsEverySchedule()
    {
        // Arrange
        var repeating = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, Interval, TestActor, "tick", null);
        var once = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(1), TestActor, "much later", null);
        ReceiveN(2);

        // Act
        await Sys.Terminate();

        // Assert
        Assert.True(repeating.IsCancellationRequested);
        Assert.True(once.IsCancellationRequested);
        DrainUntilQuiet();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Schedule_AfterTerminate_IsCancelledAtOnce()
    {
        await Sys.Terminate();

        var scheduled = Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, TestActor, "too late", null);

        Assert.True(scheduled.IsCancellationRequested);
        ExpectNoMsg();
    }

    [Fact]
    public void ActorTimer_CancelledInPostStop_StopsWithTheActor()
    {
        // Arrange
        var ticker = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        ReceiveN(3);
        var probe = CreateTestProbe();
        probe.Watch(ticker);

        // Act
        Sys.Stop(ticker);
        probe.ExpectTerminated(ticker);

        // Assert: the ticker forwarded its last tick before it stopped; after those, nothing more comes, and at
        // most the one tick in flight when PostStop cancelled the timer becomes a dead letter.
        var deadLettersAtStop = Sys.DeadLetterCount;
        DrainUntilQuiet();
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.True(Sys.DeadLetterCount <= deadLettersAtStop + 1, $"{Sys.DeadLetterCount - deadLettersAtStop} ticks became dead letters after the stop");
    }

    /// <summary>
    /// Takes the ticks already queued, and any already in flight when the schedule was cancelled (Cancel does not
    /// wait for a delivery running on a timer thread, as in Akka), until 100 ms pass without one; fails if ticks keep
    /// coming.
    /// </summary>
    private void DrainUntilQuiet()
    {
        for (var taken = 0; ; taken++)
        {
            try
            {
                ExpectNoMsg(TimeSpan.FromMilliseconds(100));
                return;
            }
            catch (Xunit.Sdk.FailException) when (taken < 10)
            {
            }
        }
    }
}
