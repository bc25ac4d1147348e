namespace FedActors.Actors;

/// <summary>
/// Where persistent actors write their events; the contract of Akka's journal plugins. Implementations keep events
/// in order per persistence id, and the highest sequence number of an id never decreases, even after deletes.
/// </summary>
public interface IEventJournal
{
    /// <summary>Appends the events atomically (all or none). Sequence numbers must follow the highest stored one.</summary>
    Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="recoveryCallback"/> for the stored events of an id with sequence numbers in [from, to], in order, at most <paramref name="max"/> of them.</summary>
    Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number ever written for the id (0 if none).</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default);

    /// <summary>Deletes the events of an id up to and including <paramref name="toSequenceNr"/>.</summary>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}
