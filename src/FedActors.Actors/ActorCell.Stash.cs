namespace FedActors.Actors;

/// <summary>The stash, and the queue of messages that go before the mailbox (unstashed messages, Terminated).</summary>
internal sealed partial class ActorCell : IStash
{
    private Queue<Envelope>? _front;
    private List<Envelope>? _stash;

    void IStash.Stash() => (_stash ??= new List<Envelope>()).Add(_current);

    void IStash.Unstash()
    {
        if (_stash is { Count: > 0 })
        {
            var oldest = _stash[0];
            _stash.RemoveAt(0);
            Prepend(new[] { oldest });
        }
    }

    void IStash.UnstashAll() => UnstashAllToFront();

    int IStash.Count => _stash?.Count ?? 0;

    private void UnstashAllToFront()
    {
        if (_stash is { Count: > 0 })
        {
            Prepend(_stash);
            _stash.Clear();
        }
    }

    /// <summary>The message being processed, with its sender (persistent actors stash it internally).</summary>
    internal Envelope CurrentEnvelope => _current;

    /// <summary>Runs <paramref name="action"/> as if <paramref name="envelope"/> were the message being processed (its sender becomes Sender).</summary>
    internal void WithCurrent(Envelope envelope, Action action)
    {
        var saved = _current;
        _current = envelope;
        try
        {
            action();
        }
        finally
        {
            _current = saved;
        }
    }

    internal void Prepend(IEnumerable<Envelope> envelopes)
    {
        var front = new Queue<Envelope>(envelopes);
        foreach (var envelope in _front ?? Enumerable.Empty<Envelope>())
        {
            front.Enqueue(envelope);
        }

        _front = front;
    }
}
