using Xunit;

namespace FedActors.Actors.TestKit;

/// <summary>
/// The contract of <see cref="IEventJournal"/> (ARCHITECTURE §9), run against every implementation by one sealed
/// subclass each: replay bounds and order, the highest sequence number, deletes, atomic batches, large payloads,
/// concurrent writers.
/// </summary>
public abstract class JournalSpec
{
    private readonly Lazy<IEventJournal> _journal;

    protected JournalSpec()
    {
        // Lazy (thread-safe): the concurrent-writer tests touch Journal first from several threads at once.
        _journal = new Lazy<IEventJournal>(CreateJournal, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    protected IEventJournal Journal => _journal.Value;

    protected abstract IEventJournal CreateJournal();

    [Fact]
    public async Task ReplayMessages_FromToBounds_ReplaysTheInclusiveRangeInOrder()
    {
        // Arrange
        await WriteAsync("p", 1, 5);

        // Act
        var replayed = await ReplayAsync("p", 2, 4);

        // Assert
        Assert.Equal(new long[] { 2, 3, 4 }, replayed);
    }

    [Fact]
    public async Task ReplayMessages_FromEqualsTo_ReplaysThatOneEvent()
    {
        // Arrange
        await WriteAsync("p", 1, 5);

        // Act
        var replayed = await ReplayAsync("p", 3, 3);

        // Assert
        Assert.Equal(new long[] { 3 }, replayed);
    }

    [Fact]
    public async Task ReplayMessages_Max_ReplaysAtMostThatManyFromTheStart()
    {
        // Arrange
        await WriteAsync("p", 1, 5);

        // Act
        var two = await ReplayAsync("p", 2, long.MaxValue, max: 2);
        var none = await ReplayAsync("p", 1, long.MaxValue, max: 0);
        var all = await ReplayAsync("p", 1, long.MaxValue, max: long.MaxValue);

        // Assert
        Assert.Equal(new long[] { 2, 3 }, two);
        Assert.Empty(none);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, all);
    }

    [Fact]
    public async Task ReplayMessages_RangeOutsideTheStoredEvents_ReplaysNothing()
    {
        // Arrange
        await WriteAsync("p", 1, 3);

        // Act
        var beyond = await ReplayAsync("p", 4, long.MaxValue);
        var inverted = await ReplayAsync("p", 3, 2);
        var unknown = await ReplayAsync("nobody", 1, long.MaxValue);

        // Assert
        Assert.Empty(beyond);
        Assert.Empty(inverted);
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task WriteMessages_SeveralBatches_ReplayedInWriteOrderWithTheirPayloads()
    {
        // Arrange
        await Journal.WriteMessagesAsync(new[] { Event("p", 1, "a"), Event("p", 2, "b") });
        await Journal.WriteMessagesAsync(new[] { Event("p", 3, "c") });

        // Act
        var replayed = new List<PersistentRepresentation>();
        await Journal.ReplayMessagesAsync("p", 1, long.MaxValue, long.MaxValue, replayed.Add);

        // Assert
        Assert.Equal(new[] { Event("p", 1, "a"), Event("p", 2, "b"), Event("p", 3, "c") }, replayed);
    }

    [Fact]
    public async Task WriteMessages_TwoPersistenceIds_KeepsTheirStreamsApart()
    {
        // Arrange
        await WriteAsync("p", 1, 3);
        await WriteAsync("q", 1, 2);

        // Act
        var p = await ReplayAsync("p", 1, long.MaxValue);
        var q = await ReplayAsync("q", 1, long.MaxValue);

        // Assert
        Assert.Equal(new long[] { 1, 2, 3 }, p);
        Assert.Equal(new long[] { 1, 2 }, q);
        Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync("p", 0));
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("q", 0));
    }

    [Fact]
    public async Task ReadHighestSequenceNr_UnknownId_IsZero()
    {
        // Arrange, Act
        var highest = await Journal.ReadHighestSequenceNrAsync("nobody", 0);

        // Assert
        Assert.Equal(0, highest);
    }

    [Fact]
    public async Task ReadHighestSequenceNr_AfterDeletingEverything_StaysAtTheHighestWritten()
    {
        // Arrange
        await WriteAsync("p", 1, 4);

        // Act
        await Journal.DeleteMessagesToAsync("p", 4);
        var afterDeleteAll = await Journal.ReadHighestSequenceNrAsync("p", 0);
        await Journal.DeleteMessagesToAsync("p", long.MaxValue);
        var afterDeleteBeyond = await Journal.ReadHighestSequenceNrAsync("p", 0);

        // Assert
        Assert.Equal(4, afterDeleteAll);
        Assert.Equal(4, afterDeleteBeyond);
        Assert.Empty(await ReplayAsync("p", 1, long.MaxValue));
    }

    [Fact]
    public async Task DeleteMessagesTo_MiddleOfTheStream_RemovesOnlyUpToItInclusive()
    {
        // Arrange
        await WriteAsync("p", 1, 5);
        await WriteAsync("q", 1, 5);

        // Act
        await Journal.DeleteMessagesToAsync("p", 3);

        // Assert
        Assert.Equal(new long[] { 4, 5 }, await ReplayAsync("p", 1, long.MaxValue));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, await ReplayAsync("q", 1, long.MaxValue));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync("p", 0));
    }

    [Fact]
    public async Task WriteMessages_AfterDeletingEverything_ContinuesFromTheHighestNotFromOne()
    {
        // Arrange
        await WriteAsync("p", 1, 3);
        await Journal.DeleteMessagesToAsync("p", 3);

        // Act
        var restart = Journal.WriteMessagesAsync(new[] { Event("p", 1, "again") });
        await Journal.WriteMessagesAsync(new[] { Event("p", 4, "next") });

        // Assert
        await Assert.ThrowsAnyAsync<Exception>(() => restart);
        Assert.Equal(new long[] { 4 }, await ReplayAsync("p", 1, long.MaxValue));
        Assert.Equal(4, await Journal.ReadHighestSequenceNrAsync("p", 0));
    }

    [Fact]
    public async Task WriteMessages_BatchWithSequenceGap_IsRefusedAndWritesNothing()
    {
        // Arrange
        await WriteAsync("p", 1, 2);

        // Act
        var gap = Journal.WriteMessagesAsync(new[] { Event("p", 3, "c"), Event("p", 4, "d"), Event("p", 6, "f") });

        // Assert: not even the events before the gap were written.
        await Assert.ThrowsAnyAsync<Exception>(() => gap);
        Assert.Equal(new long[] { 1, 2 }, await ReplayAsync("p", 1, long.MaxValue));
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync("p", 0));
    }

    [Fact]
    public async Task WriteMessages_BatchNotFollowingTheHighest_IsRefused()
    {
        // Arrange
        await WriteAsync("p", 1, 2);

        // Act
        var duplicate = Journal.WriteMessagesAsync(new[] { Event("p", 2, "again") });
        var skipping = Journal.WriteMessagesAsync(new[] { Event("p", 4, "d") });

        // Assert
        await Assert.ThrowsAnyAsync<Exception>(() => duplicate);
        await Assert.ThrowsAnyAsync<Exception>(() => skipping);
        Assert.Equal(new long[] { 1, 2 }, await ReplayAsync("p", 1, long.MaxValue));
    }

    [Fact]
    public async Task WriteMessages_BatchOverTwoIdsWithAGapInOne_WritesNeither()
    {
        // Arrange, Act
        var batch = Journal.WriteMessagesAsync(new[] { Event("p", 1, "a"), Event("q", 1, "x"), Event("q", 3, "z") });

        // Assert
        await Assert.ThrowsAnyAsync<Exception>(() => batch);
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("p", 0));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("q", 0));
    }

    [Fact]
    public async Task WriteMessages_ConcurrentWritersToDifferentIds_EachStreamIsCompleteAndInOrder()
    {
        // Arrange
        const int writers = 8;
        const int eventsEach = 200;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 1; i <= eventsEach; i++)
            {
                await Journal.WriteMessagesAsync(new[] { Event($"w{w}", i, $"w{w}-{i}") });
            }
        })).ToList();

        // Act
        start.SetResult();
        await Task.WhenAll(tasks);

        // Assert
        for (var w = 0; w < writers; w++)
        {
            var replayed = new List<PersistentRepresentation>();
            await Journal.ReplayMessagesAsync($"w{w}", 1, long.MaxValue, long.MaxValue, replayed.Add);
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(i => (long)i), replayed.Select(e => e.SequenceNr));
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(i => $"w{w}-{i}"), replayed.Select(e => (string)e.Payload));
            Assert.Equal(eventsEach, await Journal.ReadHighestSequenceNrAsync($"w{w}", 0));
        }
    }

    [Fact]
    public async Task WriteMessages_ConcurrentWritersRacingOnOneId_EachSequenceNrStoredOnce()
    {
        // Arrange: every writer tries every sequence number; the journal must accept exactly one of each.
        const int writers = 8;
        const int sequenceNrs = 100;
        var accepted = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 1; i <= sequenceNrs; i++)
            {
                try
                {
                    await Journal.WriteMessagesAsync(new[] { Event("p", i, $"w{w}") });
                    Interlocked.Increment(ref accepted);
                }
                catch (Exception)
                {
                    // Refused: another writer took this sequence number first (journals differ in the exception type).
                }
            }
        })).ToList();

        // Act
        start.SetResult();
        await Task.WhenAll(tasks);

        // Assert
        Assert.Equal(sequenceNrs, accepted);
        Assert.Equal(Enumerable.Range(1, sequenceNrs).Select(i => (long)i), await ReplayAsync("p", 1, long.MaxValue));
    }

    [Fact]
    public async Task WriteMessages_LargePayloads_ReplayedIntact()
    {
        // Arrange: 4 MiB of text with every printable ASCII character and some that need escaping in JSON or SQL.
        var unit = string.Concat(Enumerable.Range(32, 95).Select(c => (char)c)) + "\n\t\"'\\é€";
        var large = string.Concat(Enumerable.Repeat(unit, (4 << 20) / unit.Length));
        await Journal.WriteMessagesAsync([Event("big", 1, large), Event("big", 2, large[..1000])]);

        // Act
        var payloads = new List<object>();
        await Journal.ReplayMessagesAsync("big", 1, long.MaxValue, long.MaxValue, e => payloads.Add(e.Payload));

        // Assert
        Assert.Equal([large, large[..1000]], payloads.Cast<string>());
    }

    private static PersistentRepresentation Event(string persistenceId, long sequenceNr, string payload) =>
        new(persistenceId, sequenceNr, payload);

    private Task WriteAsync(string persistenceId, long from, long to) =>
        Journal.WriteMessagesAsync(Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => Event(persistenceId, i, $"{persistenceId}-{i}")).ToList());

    private async Task<IReadOnlyList<long>> ReplayAsync(string persistenceId, long from, long to, long max = long.MaxValue)
    {
        var replayed = new List<long>();
        await Journal.ReplayMessagesAsync(persistenceId, from, to, max, e => replayed.Add(e.SequenceNr));
        return replayed;
    }
}
