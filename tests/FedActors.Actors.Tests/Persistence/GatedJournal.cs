using System.Collections.Concurrent;

namespace FedActors.Actors.Tests.Persistence;

/// <summary>
/// Wraps a journal with a gate on writes and one on replays, so a test can hold the actor in the middle of a
/// persist or a recovery. After each successful write it tells <see cref="Observer"/> <see cref="Written"/>: a
/// probe that also receives the actor's messages thus sees, in one queue, whether the journal had an event before
/// the actor handled it.
/// </summary>
internal sealed class GatedJournal(IEventJournal inner) : IEventJournal
{
    private readonly ConcurrentQueue<long[]> _batches = new();

    /// <summary>Sent to <see cref="Observer"/> once a batch is in the inner journal.</summary>
    public sealed record Written(IReadOnlyList<long> SequenceNrs);

    public IEventJournal Inner => inner;

    public Gate Writes { get; } = new();

    public Gate Replays { get; } = new();

    public IActorRef? Observer { get; init; }

    /// <summary>The sequence numbers of each batch written so far, in order.</summary>
    public IReadOnlyList<long[]> WrittenBatches => _batches.ToArray();

    public async Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default)
    {
        await Writes.PassAsync(cancellationToken).ConfigureAwait(false);
        await inner.WriteMessagesAsync(messages, cancellationToken).ConfigureAwait(false);
        var sequenceNrs = messages.Select(m => m.SequenceNr).ToArray();
        _batches.Enqueue(sequenceNrs);
        Observer?.Tell(new Written(sequenceNrs), null);
    }

    public async Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken = default)
    {
        await Replays.PassAsync(cancellationToken).ConfigureAwait(false);
        await inner.ReplayMessagesAsync(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback, cancellationToken).ConfigureAwait(false);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
}
