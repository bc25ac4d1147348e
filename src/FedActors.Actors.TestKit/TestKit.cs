using System.Diagnostics;
using Xunit;

namespace FedActors.Actors.TestKit;

/// <summary>
/// Base class for actor tests (as Akka's <c>TestKit</c> for xunit): a fresh <see cref="Sys"/> per test, a default
/// probe <see cref="TestActor"/> whose Expect methods are available directly, and polling helpers. The system is
/// terminated when the test ends.
/// </summary>
public abstract class TestKit : IDisposable
{
    private readonly TestProbe _testActor;

    protected TestKit(ActorSystemSettings? settings = null, string systemName = "test")
    {
        Sys = ActorSystem.Create(systemName, settings);
        _testActor = new TestProbe(Sys, "testActor");
    }

    public ActorSystem Sys { get; }

    /// <summary>The default probe: make it the sender of messages to get replies in the Expect methods.</summary>
    public IActorRef TestActor => _testActor.Ref;

    public IActorRef LastSender => _testActor.LastSender;

    public TestProbe CreateTestProbe(string? name = null) => new(Sys, name ?? $"probe-{Guid.NewGuid():N}");

    public T ExpectMsg<T>(TimeSpan? timeout = null) => _testActor.ExpectMsg<T>(timeout);

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => _testActor.ExpectMsg<T>(predicate, timeout);

    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull => _testActor.ExpectMsg<T>(expected, timeout);

    public void ExpectNoMsg(TimeSpan? duration = null) => _testActor.ExpectNoMsg(duration);

    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null) => _testActor.ExpectTerminated(actor, timeout);

    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => _testActor.ReceiveN(count, timeout);

    /// <summary>Watches <paramref name="actor"/> with <see cref="TestActor"/>.</summary>
    public IActorRef Watch(IActorRef actor) => _testActor.Watch(actor);

    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> until it holds; fails after <paramref name="max"/>.</summary>
    public static void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        var limit = max ?? TestProbe.DefaultTimeout;
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"condition not met within {limit.TotalMilliseconds:0} ms{(message is null ? string.Empty : $": {message}")}");
            }

            Thread.Sleep(pause);
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes; rethrows its last failure after <paramref name="max"/>.</summary>
    public static void AwaitAssert(Action assertion, TimeSpan? max = null, TimeSpan? interval = null)
    {
        var limit = max ?? TestProbe.DefaultTimeout;
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (clock.Elapsed < limit)
            {
                Thread.Sleep(pause);
            }
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Sys.Dispose();
        }
    }
}
