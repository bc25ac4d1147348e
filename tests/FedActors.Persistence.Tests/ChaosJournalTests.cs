using FedActors.Actors;

namespace FedActors.Persistence.Tests;

/// <summary>The decorator itself: option checks, what a failure leaves in the inner journal, counters, reproducibility.</summary>
public sealed class ChaosJournalTests
{
    private const string Id = "p";

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Options_RateOutsideZeroToOne_ThrowsNamingTheRate(double rate)
    {
        // Arrange, Act
        var write = Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosJournalOptions { WriteFailureRate = rate });
        var replay = Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosJournalOptions { ReplayFailureRate = rate });
        var highest = Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosJournalOptions { ReadHighestFailureRate = rate });

        // Assert
        Assert.Equal(nameof(ChaosJournalOptions.WriteFailureRate), write.ParamName);
        Assert.Equal(nameof(ChaosJournalOptions.ReplayFailureRate), replay.ParamName);
        Assert.Equal(nameof(ChaosJournalOptions.ReadHighestFailureRate), highest.ParamName);
    }

    [Fact]
    public void Options_FailingWriteNumberBelowOne_Throws()
    {
        // Arrange, Act
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosJournalOptions { FailingWrites = new HashSet<long> { 0 } });

        // Assert
        Assert.Equal(nameof(ChaosJournalOptions.FailingWrites), zero.ParamName);
        Assert.Throws<ArgumentNullException>(() => new ChaosJournalOptions { FailingWrites = null! });
    }

    [Fact]
    public void Constructor_NullInner_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new ChaosJournal(null!));
    }

    [Fact]
    public async Task Calls_NullArguments_Throw()
    {
        // Arrange
        var journal = new ChaosJournal(new InMemoryJournal());

        // Act, Assert
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.WriteMessagesAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.ReplayMessagesAsync(null!, 1, long.MaxValue, long.MaxValue, _ => { }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.ReplayMessagesAsync(Id, 1, long.MaxValue, long.MaxValue, null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.ReadHighestSequenceNrAsync(null!, 0));
        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.DeleteMessagesToAsync(null!, 1));
    }

    [Fact]
    public async Task WriteMessages_ScheduledFailure_ThrowsInjectedFailureAndStoresNothing()
    {
        // Arrange
        var inner = new InMemoryJournal();
        var journal = new ChaosJournal(inner, new ChaosJournalOptions { FailingWrites = new HashSet<long> { 2 } });
        await journal.WriteMessagesAsync(Batch(1, 2));

        // Act
        var failure = await Assert.ThrowsAsync<JournalFailureException>(() => journal.WriteMessagesAsync(Batch(3, 5)));

        // Assert: not one event of the batch reached the inner journal, so the same numbers can be written again.
        Assert.Contains("injected", failure.Message);
        Assert.Contains("write #2", failure.Message);
        Assert.Equal(2, await inner.ReadHighestSequenceNrAsync(Id, 0));
        await journal.WriteMessagesAsync(Batch(3, 5));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, await ReplayAsync(inner));
        Assert.Equal((3L, 1L), (journal.WriteCalls, journal.InjectedWriteFailures));
    }

    [Fact]
    public async Task WriteMessages_LoseAcknowledgement_StoresTheBatchThenThrows()
    {
        // Arrange
        var inner = new InMemoryJournal();
        var journal = new ChaosJournal(inner, new ChaosJournalOptions { FailingWrites = new HashSet<long> { 1 }, LoseAcknowledgement = true });

        // Act
        var failure = await Assert.ThrowsAsync<JournalFailureException>(() => journal.WriteMessagesAsync(Batch(1, 3)));

        // Assert: the events are stored although the caller was told the write failed; writing them again is refused.
        Assert.Contains("acknowledgement was lost", failure.Message);
        Assert.Equal(new long[] { 1, 2, 3 }, await ReplayAsync(inner));
        Assert.Equal(1, journal.InjectedWriteFailures);
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.WriteMessagesAsync(Batch(1, 3)));
        Assert.Equal(1, journal.InjectedWriteFailures);
    }

    [Fact]
    public async Task WriteMessages_LoseAcknowledgementButInnerRefuses_PropagatesTheRealFailureUncounted()
    {
        // Arrange
        var journal = new ChaosJournal(new InMemoryJournal(), new ChaosJournalOptions { WriteFailureRate = 1.0, LoseAcknowledgement = true });

        // Act: sequence number 2 does not follow 0, so the inner journal refuses it.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => journal.WriteMessagesAsync(Batch(2, 2)));

        // Assert
        Assert.IsType<InvalidOperationException>(failure);
        Assert.Equal(0, journal.InjectedWriteFailures);
    }

    [Fact]
    public async Task WriteMessages_SameSeed_FailsTheSameWrites()
    {
        // Arrange
        var options = new ChaosJournalOptions { WriteFailureRate = 0.3, Seed = 42 };

        // Act
        var first = await FailedWriteNumbersAsync(new ChaosJournal(new InMemoryJournal(), options), 200);
        var second = await FailedWriteNumbersAsync(new ChaosJournal(new InMemoryJournal(), options), 200);
        var otherSeed = await FailedWriteNumbersAsync(new ChaosJournal(new InMemoryJournal(), options with { Seed = 43 }), 200);

        // Assert: reproducible, seed-dependent, and near the rate.
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.InRange(first.Count, 30, 90);
    }

    [Fact]
    public async Task WriteMessages_ReplaysInBetween_DoNotChangeWhichWritesFail()
    {
        // Arrange
        var options = new ChaosJournalOptions { WriteFailureRate = 0.5, ReplayFailureRate = 0.5, ReadHighestFailureRate = 0.5, Seed = 3 };
        var quiet = new ChaosJournal(new InMemoryJournal(), options);
        var busy = new ChaosJournal(new InMemoryJournal(), options);

        // Act
        var expected = await FailedWriteNumbersAsync(quiet, 50);
        var failed = new List<long>();
        var stored = 0L;
        for (var i = 1; i <= 50; i++)
        {
            await IgnoreInjectedFailureAsync(busy.ReplayMessagesAsync(Id, 1, long.MaxValue, long.MaxValue, _ => { }));
            await IgnoreInjectedFailureAsync(busy.ReadHighestSequenceNrAsync(Id, 0));
            if (await TryWriteAsync(busy, i, stored + 1))
            {
                stored++;
            }
            else
            {
                failed.Add(i);
            }
        }

        // Assert
        Assert.Equal(expected, failed);
        Assert.True(busy.InjectedReplayFailures > 0 && busy.InjectedReadHighestFailures > 0);
    }

    [Fact]
    public async Task ReplayMessages_InjectedFailure_ReplaysNothing()
    {
        // Arrange
        var inner = new InMemoryJournal();
        await inner.WriteMessagesAsync(Batch(1, 3));
        var journal = new ChaosJournal(inner, new ChaosJournalOptions { ReplayFailureRate = 1.0 });
        var replayed = new List<PersistentRepresentation>();

        // Act
        var failure = await Assert.ThrowsAsync<JournalFailureException>(
            () => journal.ReplayMessagesAsync(Id, 1, long.MaxValue, long.MaxValue, replayed.Add));

        // Assert
        Assert.Contains("injected", failure.Message);
        Assert.Empty(replayed);
        Assert.Equal(1, journal.InjectedReplayFailures);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync(Id, 0));
    }

    [Fact]
    public async Task ReadHighestSequenceNr_InjectedFailure_Throws()
    {
        // Arrange
        var inner = new InMemoryJournal();
        await inner.WriteMessagesAsync(Batch(1, 3));
        var journal = new ChaosJournal(inner, new ChaosJournalOptions { ReadHighestFailureRate = 1.0 });

        // Act
        var failure = await Assert.ThrowsAsync<JournalFailureException>(() => journal.ReadHighestSequenceNrAsync(Id, 0));

        // Assert
        Assert.Contains("injected", failure.Message);
        Assert.Equal(1, journal.InjectedReadHighestFailures);
        Assert.Equal(new long[] { 1, 2, 3 }, await ReplayAsync(journal));
    }

    [Fact]
    public async Task DeleteMessagesTo_AnyRates_PassesThrough()
    {
        // Arrange
        var inner = new InMemoryJournal();
        await inner.WriteMessagesAsync(Batch(1, 3));
        var journal = new ChaosJournal(inner, new ChaosJournalOptions { WriteFailureRate = 1.0, ReplayFailureRate = 1.0, ReadHighestFailureRate = 1.0 });

        // Act
        await journal.DeleteMessagesToAsync(Id, 2);

        // Assert
        Assert.Equal(new long[] { 3 }, await ReplayAsync(inner));
    }

    private static List<PersistentRepresentation> Batch(long from, long to)
    {
        var batch = new List<PersistentRepresentation>();
        for (var nr = from; nr <= to; nr++)
        {
            batch.Add(new PersistentRepresentation(Id, nr, $"e{nr}"));
        }

        return batch;
    }

    private static async Task<IReadOnlyList<long>> ReplayAsync(IEventJournal journal)
    {
        var replayed = new List<long>();
        await journal.ReplayMessagesAsync(Id, 1, long.MaxValue, long.MaxValue, e => replayed.Add(e.SequenceNr));
        return replayed;
    }

    /// <summary>Writes <paramref name="count"/> single events, each following the last stored; returns the numbers of the writes that failed.</summary>
    private static async Task<List<long>> FailedWriteNumbersAsync(ChaosJournal journal, int count)
    {
        var failed = new List<long>();
        var stored = 0L;
        for (var i = 1; i <= count; i++)
        {
            if (await TryWriteAsync(journal, i, stored + 1))
            {
                stored++;
            }
            else
            {
                failed.Add(i);
            }
        }

        return failed;
    }

    private static async Task<bool> TryWriteAsync(ChaosJournal journal, int writeNumber, long sequenceNr)
    {
        try
        {
            await journal.WriteMessagesAsync(Batch(sequenceNr, sequenceNr));
            return true;
        }
        catch (JournalFailureException failure)
        {
            Assert.Contains($"write #{writeNumber} ", failure.Message);
            return false;
        }
    }

    private static async Task IgnoreInjectedFailureAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (JournalFailureException)
        {
            // Injected on purpose: only the draws it took matter here.
        }
    }
}
