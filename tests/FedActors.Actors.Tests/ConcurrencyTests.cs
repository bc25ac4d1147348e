using System.Collections.Concurrent;
using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

[Collection(LoadTestCollection.Name)]
public sealed class ConcurrencyTests : TestKit.TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<LogEvent> _errors;

    public ConcurrencyTests()
        : this(new ConcurrentQueue<LogEvent>())
    {
    }

    private ConcurrencyTests(ConcurrentQueue<LogEvent> errors)
        : base(new ActorSystemSettings { LogSink = e => errors.Enqueue(e), MinimumLogLevel = LogLevel.Error })
    {
        _errors = errors;
    }

    /// <summary>Checks that each sender's numbers arrive 0, 1, 2, ...; reports once it has them all.</summary>
    private sealed class SequenceChecker : ReceiveActor
    {
        public SequenceChecker(int senders, int perSender, IActorRef report)
        {
            var next = new int[senders];
            var received = 0;
            var outOfOrder = 0;
            Receive<Numbered>(n =>
            {
                if (n.Seq != next[n.Sender])
                {
                    outOfOrder++;
                }

                next[n.Sender] = n.Seq + 1;
                if (++received == senders * perSender)
                {
                    report.Tell(new Result(Self, received, outOfOrder), Self);
                }
            });
        }
    }

    /// <summary>On <see cref="SendAll"/>, sends its numbered messages to every target, interleaving the targets.</summary>
    private sealed class NumberSender : ReceiveActor
    {
        public NumberSender(int id)
        {
            Receive<SendAll>(s =>
            {
                for (var seq = 0; seq < s.PerTarget; seq++)
                {
                    foreach (var target in s.Targets)
                    {
                        target.Tell(new Numbered(id, seq), Self);
                    }
                }
            });
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<int>(i => Sender.Tell(i, Self));
    }

    /// <summary>Watches what it is told to and reports every Terminated.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef report)
        {
            Receive<IActorRef>(target => Context.Watch(target));
            Receive<Terminated>(t => report.Tell(t, Self));
        }
    }

    private sealed class Idle : ReceiveActor
    {
        public Idle() => Receive<string>(_ => { });
    }

    private sealed record Numbered(int Sender, int Seq);

    private sealed record Result(IActorRef Checker, int Received, int OutOfOrder);

    private sealed record SendAll(IReadOnlyList<IActorRef> Targets, int PerTarget);

    [Fact]
    public async Task Tell_EightThreadsTwentyThousandEach_NoLossAndPerSenderOrder()
    {
        // Arrange
        const int senders = 8;
        const int perSender = 20_000;
        var checker = Sys.ActorOf(Props.Create(() => new SequenceChecker(senders, perSender, TestActor)));
        using var go = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, senders).Select(id => OwnThread.Run(() =>
        {
            go.Wait(Generous);
            for (var seq = 0; seq < perSender; seq++)
            {
                checker.Tell(new Numbered(id, seq), ActorRefs.NoSender);
            }
        })).ToArray();

        // Act
        go.Set();
        await Task.WhenAll(tasks).WaitAsync(Generous);

        // Assert
        var result = ExpectMsg<Result>(Generous);
        Assert.Equal(senders * perSender, result.Received);
        Assert.Equal(0, result.OutOfOrder);
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    [Fact]
    public async Task Tell_ManyThreadsToManyActors_NoLossAndPerPairOrder()
    {
        // Arrange
        const int senders = 8;
        const int receivers = 16;
        const int perPair = 2_000;
        var checkers = Enumerable.Range(0, receivers)
            .Select(_ => Sys.ActorOf(Props.Create(() => new SequenceChecker(senders, perPair, TestActor))))
            .ToArray();
        using var go = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, senders).Select(id => OwnThread.Run(() =>
        {
            go.Wait(Generous);
            for (var seq = 0; seq < perPair; seq++)
            {
                foreach (var checker in checkers)
                {
                    checker.Tell(new Numbered(id, seq), ActorRefs.NoSender);
                }
            }
        })).ToArray();

        // Act
        go.Set();
        await Task.WhenAll(tasks).WaitAsync(Generous);

        // Assert: one complete, ordered result per receiver.
        var results = Enumerable.Range(0, receivers).Select(_ => ExpectMsg<Result>(Generous)).ToList();
        Assert.Equal(receivers, results.Select(r => r.Checker).Distinct().Count());
        Assert.All(results, r => Assert.Equal((senders * perPair, 0), (r.Received, r.OutOfOrder)));
    }

    [Fact]
    public void Tell_ManyActorsToManyActors_NoLossAndPerPairOrder()
    {
        // Arrange: the senders are actors themselves, running on the thread pool like the receivers.
        const int senders = 8;
        const int receivers = 8;
        const int perPair = 2_000;
        var checkers = Enumerable.Range(0, receivers)
            .Select(_ => Sys.ActorOf(Props.Create(() => new SequenceChecker(senders, perPair, TestActor))))
            .ToArray();
        var senderActors = Enumerable.Range(0, senders).Select(id => Sys.ActorOf(Props.Create(() => new NumberSender(id)))).ToArray();

        // Act
        foreach (var sender in senderActors)
        {
            sender.Tell(new SendAll(checkers, perPair), ActorRefs.NoSender);
        }

        // Assert
        var results = Enumerable.Range(0, receivers).Select(_ => ExpectMsg<Result>(Generous)).ToList();
        Assert.Equal(receivers, results.Select(r => r.Checker).Distinct().Count());
        Assert.All(results, r => Assert.Equal((senders * perPair, 0), (r.Received, r.OutOfOrder)));
    }

    [Fact]
    public void Stop_ThousandActorsConcurrently_EveryTerminatedArrivesOnce()
    {
        // Arrange: the test actor and a watcher actor both watch every actor.
        const int count = 1_000;
        var actors = Enumerable.Range(0, count).Select(_ => Sys.ActorOf(Props.Create<Idle>())).ToArray();
        var watcherProbe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(watcherProbe.Ref)));
        foreach (var actor in actors)
        {
            Watch(actor);
            watcher.Tell(actor, ActorRefs.NoSender);
        }

        // Act: eight threads stop an eighth of the actors each.
        InParallel(8, thread =>
        {
            for (var i = thread; i < count; i += 8)
            {
                Sys.Stop(actors[i]);
            }
        });

        // Assert
        var terminated = ReceiveN(count, Generous).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.Equal(count, terminated.Count);
        var seenByWatcher = watcherProbe.ReceiveN(count, Generous).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.Equal(count, seenByWatcher.Count);
        ExpectNoMsg();
        watcherProbe.ExpectNoMsg();
        Assert.Empty(_errors);
    }

    [Fact]
    public void Watch_RacingWithStop_TerminatedAlwaysArrives()
    {
        // Arrange
        const int count = 1_000;
        var actors = Enumerable.Range(0, count).Select(_ => Sys.ActorOf(Props.Create<Idle>())).ToArray();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));

        // Act: watches and stops race; some watches reach actors that have already stopped.
        InParallel(3, thread =>
        {
            if (thread == 0)
            {
                foreach (var actor in actors)
                {
                    watcher.Tell(actor, ActorRefs.NoSender);
                }
            }
            else
            {
                for (var i = thread - 1; i < count; i += 2)
                {
                    Sys.Stop(actors[i]);
                }
            }
        });

        // Assert
        var terminated = ReceiveN(count, Generous).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.Equal(count, terminated.Count);
        ExpectNoMsg();
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Ask_ThousandConcurrentAsks_EachGetsItsOwnReply()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());

        var replies = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => echo.Ask<int>(i, Generous)));

        Assert.Equal(Enumerable.Range(0, 1_000), replies);
    }

    [Fact]
    public void ActorOf_SameNamesFromManyThreads_ExactlyOneWinsPerName()
    {
        // Arrange
        const int names = 200;
        var created = new ConcurrentBag<IActorRef>();
        var clashes = 0;

        // Act
        InParallel(8, _ =>
        {
            for (var i = 0; i < names; i++)
            {
                try
                {
                    created.Add(Sys.ActorOf(Props.Create<Idle>(), $"n{i}"));
                }
                catch (InvalidActorNameException)
                {
                    Interlocked.Increment(ref clashes);
                }
            }
        });

        // Assert
        Assert.Equal(names, created.Count);
        Assert.Equal(names, created.Select(r => r.Path).Distinct().Count());
        Assert.Equal((8 * names) - names, clashes);
    }

    [Fact]
    public async Task Tell_FromManyThreadsWithTerminateInTheMiddle_EveryMessageIsDeliveredOrCounted()
    {
        // Arrange: a sink that counts what it handles.
        var handled = 0;
        var sink = Sys.ActorOf(Props.Create(() => new CountingSink(() => Interlocked.Increment(ref handled))));
        using var go = new ManualResetEventSlim();
        const int perThread = 20_000;
        var tasks = Enumerable.Range(0, 4).Select(_ => OwnThread.Run(() =>
        {
            go.Wait(Generous);
            for (var i = 0; i < perThread; i++)
            {
                sink.Tell(i, ActorRefs.NoSender);
            }
        })).ToArray();

        // Act
        go.Set();
        Sys.Stop(sink);
        await Task.WhenAll(tasks).WaitAsync(Generous);

        // Assert: nothing is silently dropped.
        await Sys.Terminate().WaitAsync(Generous);
        AwaitCondition(() => Volatile.Read(ref handled) + Sys.DeadLetterCount == 4 * perThread);
    }

    [Fact]
    public async Task Terminate_WhileActorsAreBeingCreated_StopsEveryActorThatStarted()
    {
        // Top-level actors are created from other threads while the system terminates: each ActorOf either throws
        // or creates an actor that Terminate stops, and WhenTerminated completes. Repeated to catch the race.
        for (var round = 0; round < 20; round++)
        {
            using var system = ActorSystem.Create($"race-{round}", new ActorSystemSettings { LogSink = _ => { } });
            var counts = new Counts();
            var props = Props.Create(() => new Counted(counts));
            using var go = new ManualResetEventSlim();
            var creators = Enumerable.Range(0, 2).Select(_ => OwnThread.Run(() =>
            {
                go.Wait(Generous);
                try
                {
                    // Until the system refuses (bounded, in case it never does).
                    for (var i = 0; i < 20_000; i++)
                    {
                        system.ActorOf(props);
                    }
                }
                catch (InvalidOperationException)
                {
                    // The system is stopping: no more actors.
                }
            })).ToArray();

            go.Set();
            await system.Terminate().WaitAsync(Generous);
            await Task.WhenAll(creators).WaitAsync(Generous);

            Assert.Equal(Volatile.Read(ref counts.Started), Volatile.Read(ref counts.Stopped));
        }
    }

    [Fact]
    public async Task Terminate_HundredThousandTopLevelActors_CompletesAndStopsThemAll()
    {
        // Stopping a parent must cost O(children): this took minutes when every ChildTerminated copied the children, and
        // takes about a second now (the limit leaves room for a loaded machine).
        const int count = 100_000;
        var counts = new Counts();
        var props = Props.Create(() => new Counted(counts));
        for (var i = 0; i < count; i++)
        {
            Sys.ActorOf(props);
        }

        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(count, Volatile.Read(ref counts.Stopped));
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

    /// <summary>Runs <paramref name="body"/> on <paramref name="threads"/> dedicated threads released together; waits for all.</summary>
    private static void InParallel(int threads, Action<int> body)
    {
        using var go = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, threads).Select(thread => OwnThread.Run(() =>
        {
            go.Wait(Generous);
            body(thread);
        })).ToArray();
        go.Set();
        Assert.True(Task.WaitAll(tasks, Generous), "the parallel senders did not finish");
    }

    private sealed class CountingSink : ReceiveActor
    {
        public CountingSink(Action onMessage) => Receive<int>(_ => onMessage());
    }
}
