namespace FedActors.Actors.Tests.Persistence;

/// <summary>
/// Wraps a journal and makes chosen operations fail (ARCHITECTURE §9): the Nth write, the writes whose batch matches a
/// predicate, or every replay. A failed write never reaches the inner journal. By default a failure is a faulted task;
/// with <see cref="ThrowSynchronously"/> the call itself throws, as some journal implementations do.
/// </summary>
internal sealed class ChaosJournal(IEventJournal inner) : IEventJournal
{
    private int _writes;
    private int _failedWrites;

    /// <summary>Decides, from the 1-based number of the write call and its batch, whether the write fails.</summary>
    public Func<int, IReadOnlyList<PersistentRepresentation>, bool> FailWrite { get; init; } = static (_, _) => false;

    public bool FailReplays { get; init; }

    public bool ThrowSynchronously { get; init; }

    public int WriteCalls => Volatile.Read(ref _writes);

    public int FailedWrites => Volatile.Read(ref _failedWrites);

    public static ChaosJournal FailingWriteNumber(IEventJournal inner, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return new ChaosJournal(inner) { FailWrite = (number, _) => number == n };
    }

    public static ChaosJournal FailingWritesWhere(IEventJournal inner, Func<IReadOnlyList<PersistentRepresentation>, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new ChaosJournal(inner) { FailWrite = (_, batch) => predicate(batch) };
    }

    public static ChaosJournal FailingReplays(IEventJournal inner) => new(inner) { FailReplays = true };

    public Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _writes);
        if (FailWrite(number, messages))
        {
            Interlocked.Increment(ref _failedWrites);
            return Fail(new ChaosException($"chaos: write #{number} of {messages.Count} event(s) from sequence number {messages[0].SequenceNr} refused"));
        }

        return inner.WriteMessagesAsync(messages, cancellationToken);
    }

    public Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken = default) =>
        FailReplays
            ? Fail(new ChaosException($"chaos: replay of {persistenceId} refused"))
            : inner.ReplayMessagesAsync(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

    private Task Fail(ChaosException failure) => ThrowSynchronously ? throw failure : Task.FromException(failure);

    /// <summary>The failure a <see cref="ChaosJournal"/> injects.</summary>
    public sealed class ChaosException(string message) : Exception(message);
}
