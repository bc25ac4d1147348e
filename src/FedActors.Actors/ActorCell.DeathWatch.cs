namespace FedActors.Actors;

/// <summary>Death watch: <c>Context.Watch</c> and the <see cref="Terminated"/> notifications.</summary>
internal sealed partial class ActorCell
{
    private HashSet<IInternalActorRef>? _watching;
    private HashSet<IInternalActorRef>? _watchedBy;

    public IActorRef Watch(IActorRef subject)
    {
        if (subject is not IInternalActorRef target)
        {
            throw new ArgumentException($"{subject.Path} cannot be watched: it is not an actor of this process", nameof(subject));
        }

        if (!ReferenceEquals(target, Self) && (_watching ??= new HashSet<IInternalActorRef>(ReferenceEqualityComparer.Instance)).Add(target))
        {
            target.SendSystemMessage(new Watch(target, Self));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (subject is IInternalActorRef target)
        {
            if (_watching?.Remove(target) == true)
            {
                target.SendSystemMessage(new Unwatch(target, Self));
            }

            // As in Akka, after Unwatch no Terminated arrives: drop one that is queued but not yet delivered (the
            // notification came while the actor was suspended, e.g. in a ReceiveAsync handler).
            DropQueuedTerminated(target);
        }

        return subject;
    }

    private void DropQueuedTerminated(IInternalActorRef target)
    {
        static bool IsFor(Envelope envelope, IInternalActorRef target) =>
            envelope.Message is Terminated terminated && ReferenceEquals(terminated.ActorRef, target);

        if (_front is { Count: > 0 } front && front.Any(e => IsFor(e, target)))
        {
            _front = new Queue<Envelope>(front.Where(e => !IsFor(e, target)));
        }
    }

    private void AddWatcher(IInternalActorRef watcher)
    {
        if (!ReferenceEquals(watcher, Self))
        {
            (_watchedBy ??= new HashSet<IInternalActorRef>(ReferenceEqualityComparer.Instance)).Add(watcher);
        }
    }

    /// <summary>
    /// A watched actor stopped. <see cref="Terminated"/> goes in front of the queued user messages, as in Akka where
    /// it is delivered with the system message; it waits while the actor is suspended.
    /// </summary>
    private void HandleDeathWatchNotification(IInternalActorRef actor)
    {
        // A child notifies its watchers before it sends ChildTerminated, so a parent that watches it could run its
        // Terminated handler while the child still holds its name (re-creating it there would fail). As in Akka, a
        // parent first handles its child's termination; the ChildTerminated that follows then finds nothing to do.
        if (FindChild(actor) is not null)
        {
            HandleChildTerminated(actor);
        }

        // As in Akka, an actor that is stopping (or has just finished stopping above) takes no more Terminated:
        // it would never be processed and would only show up as a dead letter.
        if (_watching?.Remove(actor) == true && _state == Running)
        {
            (_front ??= new Queue<Envelope>()).Enqueue(new Envelope(new Terminated(actor), actor));
        }
    }

    private void NotifyWatchersOfTermination()
    {
        foreach (var watcher in _watchedBy ?? Enumerable.Empty<IInternalActorRef>())
        {
            watcher.SendSystemMessage(new DeathWatchNotification(Self));
        }

        foreach (var watched in _watching ?? Enumerable.Empty<IInternalActorRef>())
        {
            watched.SendSystemMessage(new Unwatch(watched, Self));
        }

        _watchedBy = null;
        _watching = null;
    }

    /// <summary>System messages that reach a stopped cell: a late watcher learns at once that it is gone.</summary>
    private void AnswerAfterTermination(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, Self))
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(Self));
        }
    }
}
