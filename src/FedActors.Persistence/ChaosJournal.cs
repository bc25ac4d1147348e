using FedActors.Actors;

namespace FedActors.Persistence;

/// <summary>
/// Decorates a journal with injected failures (ARCHITECTURE §9), like Akka.Persistence's chaos journal: writes, replays
/// and reads of the highest sequence number fail at the rates of <see cref="ChaosJournalOptions"/> with a
/// <see cref="JournalFailureException"/>, as a faulted task. A failed write stores nothing, unless
/// <see cref="ChaosJournalOptions.LoseAcknowledgement"/> stores it and only then reports the failure; a failed replay
/// replays nothing. Deletes are passed through.
/// </summary>
/// <remarks>
/// Each kind of call draws from its own generator, seeded from <see cref="ChaosJournalOptions.Seed"/>, so the writes
/// that fail depend only on the seed and the order of the writes, not on how many replays happened between them. The
/// failures are reproducible when the calls come in a reproducible order, as they do from one persistent actor.
/// </remarks>
public sealed class ChaosJournal : IEventJournal
{
    private readonly IEventJournal _inner;
    private readonly ChaosJournalOptions _options;

    // Random is not thread-safe, hence one lock for the draws; a write's number and its draw are taken together under
    // it, so that call N gets draw N even when callers race. The counters are read without it (Volatile.Read).
    private readonly object _gate = new();
    private readonly Random _writeDraws;
    private readonly Random _replayDraws;
    private readonly Random _readHighestDraws;
    private long _writeCalls;
    private long _injectedWriteFailures;
    private long _injectedReplayFailures;
    private long _injectedReadHighestFailures;

    /// <summary>Wraps <paramref name="inner"/>; with <paramref name="options"/> left out, nothing fails.</summary>
    public ChaosJournal(IEventJournal inner, ChaosJournalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = options ?? new ChaosJournalOptions();
        _writeDraws = new Random(_options.Seed);
        _replayDraws = new Random(unchecked(_options.Seed + 0x2545F491));
        _readHighestDraws = new Random(unchecked(_options.Seed + 0x4F6CDD1D));
    }

    /// <summary>The number of <c>WriteMessagesAsync</c> calls so far, failed or not.</summary>
    public long WriteCalls => Volatile.Read(ref _writeCalls);

    /// <summary>The writes failed on purpose so far (in <see cref="ChaosJournalOptions.LoseAcknowledgement"/> mode, once stored).</summary>
    public long InjectedWriteFailures => Volatile.Read(ref _injectedWriteFailures);

    /// <summary>The replays failed on purpose so far.</summary>
    public long InjectedReplayFailures => Volatile.Read(ref _injectedReplayFailures);

    /// <summary>The reads of the highest sequence number failed on purpose so far.</summary>
    public long InjectedReadHighestFailures => Volatile.Read(ref _injectedReadHighestFailures);

    public Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long number;
        bool fail;
        lock (_gate)
        {
            number = ++_writeCalls;
            // Draw even for a scheduled failure, so that write N always gets draw N.
            var drawn = Draw(_writeDraws, _options.WriteFailureRate);
            fail = drawn || _options.FailingWrites.Contains(number);
            if (fail && !_options.LoseAcknowledgement)
            {
                Interlocked.Increment(ref _injectedWriteFailures);
            }
        }

        if (!fail)
        {
            return _inner.WriteMessagesAsync(messages, cancellationToken);
        }

        if (_options.LoseAcknowledgement)
        {
            return WriteThenLoseAcknowledgementAsync(messages, number, cancellationToken);
        }

        // Refused before the inner journal sees the batch: all or nothing, as the contract requires.
        return Task.FromException(new JournalFailureException(
            $"{Describe(number, messages)} refused before reaching the journal"));
    }

    public Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(recoveryCallback);
        if (!DrawAndCount(_replayDraws, _options.ReplayFailureRate, ref _injectedReplayFailures))
        {
            return _inner.ReplayMessagesAsync(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback, cancellationToken);
        }

        return Task.FromException(new JournalFailureException(
            $"injected by ChaosJournal (replay-failure-rate = {_options.ReplayFailureRate}): replay of '{persistenceId}' from sequence number {fromSequenceNr} failed before replaying anything"));
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        if (!DrawAndCount(_readHighestDraws, _options.ReadHighestFailureRate, ref _injectedReadHighestFailures))
        {
            return _inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        }

        return Task.FromException<long>(new JournalFailureException(
            $"injected by ChaosJournal (read-highest-failure-rate = {_options.ReadHighestFailureRate}): reading the highest sequence number of '{persistenceId}' failed"));
    }

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
    }

    private static bool Draw(Random draws, double rate) => rate > 0.0 && draws.NextDouble() < rate;

    private bool DrawAndCount(Random draws, double rate, ref long injected)
    {
        lock (_gate)
        {
            if (!Draw(draws, rate))
            {
                return false;
            }

            Interlocked.Increment(ref injected);
            return true;
        }
    }

    private async Task WriteThenLoseAcknowledgementAsync(IReadOnlyList<PersistentRepresentation> messages, long number,
        CancellationToken cancellationToken)
    {
        // A failure of the inner write is a real one: it propagates as it is and is not counted as injected.
        await _inner.WriteMessagesAsync(messages, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _injectedWriteFailures);
        throw new JournalFailureException($"{Describe(number, messages)} was stored, but its acknowledgement was lost");
    }

    private string Describe(long number, IReadOnlyList<PersistentRepresentation> messages)
    {
        var what = messages.Count == 0
            ? "an empty batch"
            : $"{messages.Count} event(s) of '{messages[0].PersistenceId}' from sequence number {messages[0].SequenceNr}";
        return $"injected by ChaosJournal (write-failure-rate = {_options.WriteFailureRate}, seed = {_options.Seed}): write #{number} of {what}";
    }
}
