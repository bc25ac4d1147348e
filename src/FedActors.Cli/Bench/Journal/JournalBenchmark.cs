using System.CommandLine;
using System.Diagnostics;
using FedActors.Actors;
using FedActors.Cli.Run;
using FedActors.Persistence;

namespace FedActors.Cli.Bench.Journal;

/// <summary>
/// <c>bench journal</c>: events-per-second written in batches of 1 and 100, blob-megabytes-per-second for 400 KB model
/// blobs, and the seconds to replay a 1,000-round journal (14 events a round), for the in-memory, SQLite and (given a
/// server) PostgreSQL stores. Every store starts empty: SQLite in a temporary directory, PostgreSQL in a fresh schema.
/// </summary>
internal sealed class JournalBenchmark : IBenchmark
{
    private const string PostgresVariable = RunDirectory.PostgresVariable;
    private const int EventsPerRound = 14;
    private const int BlobBytes = 400_000;

    private readonly Option<string?> _postgres = new("--postgres")
    {
        Description = $"Npgsql connection string of a PostgreSQL server to measure as well (default: ${PostgresVariable}); the benchmark works in a schema of its own and drops it.",
    };

    public string Name => "journal";

    public string Description =>
        "Event journals: events-per-second in batches of 1 and 100, 400 KB blob MB/s, replay-seconds of a 1,000-round journal; in-memory, SQLite, PostgreSQL (--postgres).";

    public IReadOnlyList<Option> Options => [_postgres];

    public IEnumerable<BenchRow> Run(BenchContext context)
    {
        var connectionString = context.GetValue(_postgres) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            context.Info($"journal: postgres rows are not measured: no server given; pass --postgres CONNSTRING or set {PostgresVariable} "
                + "(an Npgsql connection string, e.g. Host=127.0.0.1;Username=me;Password=secret;Database=fedactors)");
        }

        using var stores = new BenchStores(connectionString);
        var plan = IterationPlan.For(context);
        foreach (var backend in stores.Backends)
        {
            foreach (var batch in new[] { 1, 100 })
            {
                yield return WriteRate(context, plan, backend, batch);
            }
        }

        foreach (var backend in stores.Backends.Where(b => b.Blobs is not null))
        {
            yield return BlobRate(context, plan, backend);
        }

        foreach (var backend in stores.Backends)
        {
            yield return ReplaySeconds(context, backend);
        }
    }

    private BenchRow WriteRate(BenchContext context, IterationPlan plan, BenchStores.Backend backend, int batch)
    {
        var journal = backend.Journal;
        var persistenceId = $"write-batch-{batch}";
        var events = context.Quick ? batch * 2 : batch == 1 ? 200 : 2_000;
        long sequenceNr = 0;
        var rate = Measure.MedianRate(context, $"journal {backend.Name} batch {batch}", plan, () =>
        {
            for (var written = 0; written < events; written += batch)
            {
                var messages = new PersistentRepresentation[batch];
                for (var i = 0; i < batch; i++)
                {
                    sequenceNr++;
                    messages[i] = new PersistentRepresentation(persistenceId, sequenceNr,
                        JournalBenchEvent.Of((int)(sequenceNr / EventsPerRound), (int)(sequenceNr % EventsPerRound)));
                }

                journal.WriteMessagesAsync(messages).GetAwaiter().GetResult();
            }

            return events;
        });
        return new BenchRow(Name, $"{backend.Name}-batch-{batch}", "events-per-second", rate, "events/s");
    }

    private BenchRow BlobRate(BenchContext context, IterationPlan plan, BenchStores.Backend backend)
    {
        var blobs = backend.Blobs!;
        var bytes = new byte[BlobBytes];
        new Random(5).NextBytes(bytes);
        var perIteration = context.Quick ? 2 : 20;
        long counter = 0;
        var rate = Measure.MedianRate(context, $"journal {backend.Name} blobs", plan, () =>
        {
            for (var i = 0; i < perIteration; i++)
            {
                // A different blob each time: the store is content-addressed, and storing the same bytes again is a no-op.
                BitConverter.TryWriteBytes(bytes, ++counter);
                blobs.Put(bytes);
            }

            return (long)perIteration * BlobBytes;
        });
        return new BenchRow(Name, $"{backend.Name}-blob-400kb", "blob-megabytes-per-second", rate / 1e6, "MB/s");
    }

    private BenchRow ReplaySeconds(BenchContext context, BenchStores.Backend backend)
    {
        var rounds = context.Quick ? 20 : 1_000;
        var journal = backend.Journal;
        const string persistenceId = "replay";
        for (var round = 0; round < rounds; round++)
        {
            var messages = Enumerable.Range(0, EventsPerRound)
                .Select(i => new PersistentRepresentation(persistenceId, (long)round * EventsPerRound + i + 1, JournalBenchEvent.Of(round, i)))
                .ToList();
            journal.WriteMessagesAsync(messages).GetAwaiter().GetResult();
        }

        var times = new List<double>();
        for (var run = 0; run < (context.Quick ? 1 : 5); run++)
        {
            long replayed = 0;
            var clock = Stopwatch.StartNew();
            journal.ReplayMessagesAsync(persistenceId, 1, long.MaxValue, long.MaxValue, _ => replayed++).GetAwaiter().GetResult();
            times.Add(clock.Elapsed.TotalSeconds);
            if (replayed != (long)rounds * EventsPerRound)
            {
                throw new BenchmarkException($"{backend.Name} replayed {replayed} of {rounds * EventsPerRound} events");
            }
        }

        var median = Measure.Median(times);
        context.Info($"journal {backend.Name} replay of {rounds} rounds ({rounds * EventsPerRound} events): median {median:0.###} s of {times.Count}");
        return new BenchRow(Name, $"{backend.Name}-{rounds}-rounds", "replay-seconds", median, "s");
    }
}
