namespace FedActors.Actors;

/// <summary>The sequence-number rule every <see cref="IEventJournal"/> enforces on a write.</summary>
public static class JournalSequence
{
    /// <summary>
    /// Checks a batch against the stored highest sequence numbers: each id's events must follow its highest without a
    /// gap. Returns each id's new highest; throws <see cref="InvalidOperationException"/> before anything is written otherwise.
    /// </summary>
    public static Dictionary<string, long> Check(IEnumerable<PersistentRepresentation> messages, Func<string, long> storedHighest)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(storedHighest);
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var previous = highest.TryGetValue(message.PersistenceId, out var h) ? h : storedHighest(message.PersistenceId);
            if (message.SequenceNr != previous + 1)
            {
                throw new InvalidOperationException(
                    $"{message.PersistenceId}: sequence number {message.SequenceNr} does not follow {previous}");
            }

            highest[message.PersistenceId] = message.SequenceNr;
        }

        return highest;
    }
}
