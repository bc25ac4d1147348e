using System.Diagnostics;
using FedActors.Actors;

namespace FedActors.Cli.Bench.Actors;

/// <summary>Spawns many idle actors in a fresh actor system and measures how long that takes and the heap it adds.</summary>
internal static class IdleActors
{
    private const int WarmupCount = 10_000;

    public static (double SpawnSeconds, double BytesPerActor) Spawn(BenchContext context, int count, TimeSpan timeout)
    {
        // Warm-up in a system of its own: JIT the spawn, start and stop paths and let the thread pool reach its working
        // size. Its own system, because the guardian forgets a stopped child only some time after the child's PostStop:
        // children of the warm-up still being forgotten would shrink the heap during the measurement.
        var warmup = ActorBenchmark.NewSystem(context, "bench-idle-actors-warmup");
        SpawnAndStop(warmup, WarmupCount, timeout);
        Terminate(warmup, timeout);

        var system = ActorBenchmark.NewSystem(context, "bench-idle-actors");
        try
        {
            // Everything the measurement itself needs is allocated before the baseline, so only the actors are counted.
            var refs = new IActorRef[count];
            using var started = new CountdownEvent(count);
            using var stopped = new CountdownEvent(count);
            var props = IdleActor.Props(started, stopped);

            var before = GC.GetTotalMemory(forceFullCollection: true);
            var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var pauseBefore = GC.GetTotalPauseDuration();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < refs.Length; i++)
            {
                refs[i] = system.ActorOf(props);
            }

            Measure.Await(started, timeout, $"starting {count:N0} actors");
            var spawnSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var pause = GC.GetTotalPauseDuration() - pauseBefore;
            var collections = $"{GC.CollectionCount(0) - collectionsBefore.Item1}/{GC.CollectionCount(1) - collectionsBefore.Item2}/{GC.CollectionCount(2) - collectionsBefore.Item3}";
            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(refs);

            var bytesPerActor = (double)(after - before) / count;
            context.Info($"actors {count:N0} idle: heap {before / 1048576.0:N1} MiB -> {after / 1048576.0:N1} MiB, spawned in {spawnSeconds:0.000} s "
                + $"(GCs gen0/1/2 {collections}, paused {pause.TotalSeconds:0.000} s)");

            StopAll(system, refs, stopped, timeout);
            Terminate(system, timeout);
            return (spawnSeconds, bytesPerActor);
        }
        finally
        {
            // After a failure, stop what is left without waiting; terminating twice is harmless.
            system.Terminate();
        }
    }

    private static void Terminate(ActorSystem system, TimeSpan timeout)
    {
        if (!system.Terminate().Wait(timeout))
        {
            throw new BenchmarkException($"the actor system did not terminate within {timeout.TotalSeconds:0} s");
        }
    }

    private static void SpawnAndStop(ActorSystem system, int count, TimeSpan timeout)
    {
        using var started = new CountdownEvent(count);
        using var stopped = new CountdownEvent(count);
        var props = IdleActor.Props(started, stopped);
        var refs = Enumerable.Range(0, count).Select(_ => system.ActorOf(props)).ToArray();
        Measure.Await(started, timeout, "warm-up spawn");
        StopAll(system, refs, stopped, timeout);
    }

    /// <summary>
    /// Stops the actors one by one before the system terminates: the guardian then removes each child as it goes,
    /// instead of counting its remaining children once per child that stops (quadratic in the count).
    /// </summary>
    private static void StopAll(ActorSystem system, IActorRef[] refs, CountdownEvent stopped, TimeSpan timeout)
    {
        foreach (var actor in refs)
        {
            system.Stop(actor);
        }

        Measure.Await(stopped, timeout, $"stopping {refs.Length:N0} actors");
    }
}
