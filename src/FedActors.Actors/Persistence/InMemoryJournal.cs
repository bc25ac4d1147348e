namespace FedActors.Actors;

/// <summary>A journal in process memory: for tests and runs that need no durability.</summary>
public sealed class InMemoryJournal : IEventJournal
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);

    public Task WriteMessagesAsync(IReadOnlyList<PersistentRepresentation> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Validate the whole batch first so that a bad one writes nothing.
            try
            {
                JournalSequence.Check(messages, id => StreamOf(id).Highest);
            }
            catch (InvalidOperationException e)
            {
                return Task.FromException(e);
            }

            foreach (var message in messages)
            {
                var stream = StreamOf(message.PersistenceId);
                stream.Events.Add(message);
                stream.Highest = message.SequenceNr;
            }
        }

        return Task.CompletedTask;
    }

    public Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken = default)
    {
        List<PersistentRepresentation> selected;
        lock (_gate)
        {
            selected = _streams.TryGetValue(persistenceId, out var stream)
                ? stream.Events.Where(e => e.SequenceNr >= fromSequenceNr && e.SequenceNr <= toSequenceNr)
                    .Take((int)Math.Min(max, int.MaxValue)).ToList()
                : new List<PersistentRepresentation>();
        }

        foreach (var message in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            recoveryCallback(message);
        }

        return Task.CompletedTask;
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_streams.TryGetValue(persistenceId, out var stream) ? stream.Highest : 0L);
        }
    }

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_streams.TryGetValue(persistenceId, out var stream))
            {
                stream.Events.RemoveAll(e => e.SequenceNr <= toSequenceNr);
            }
        }

        return Task.CompletedTask;
    }

    private Stream StreamOf(string persistenceId)
    {
        if (!_streams.TryGetValue(persistenceId, out var stream))
        {
            stream = new Stream();
            _streams.Add(persistenceId, stream);
        }

        return stream;
    }

    private sealed class Stream
    {
        public List<PersistentRepresentation> Events { get; } = new();

        public long Highest { get; set; }
    }
}
