namespace FedActors.Actors;

/// <summary>Children, supervision and the stop/restart lifecycle.</summary>
internal sealed partial class ActorCell
{
    // Guarded by lock (this): the user guardian's children are created from any thread. The cell is internal, so no
    // outside code can take this lock.
    private Dictionary<string, ChildEntry>? _children;
    private int _nextChildId;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (_state >= Terminating)
        {
            throw new InvalidOperationException($"{Path} is stopping and cannot create children");
        }

        name = name is null ? $"${Interlocked.Increment(ref _nextChildId)}" : ValidateName(name);
        var child = new ActorCell(System, props, this, name);
        lock (this)
        {
            // Checked again under the lock BeginTermination holds while it marks this cell Terminating and lists the
            // children to stop: a child created from another thread (the user guardian's) is either in that list or
            // refused here, never left running under a parent that believes it has none.
            if (_state >= Terminating)
            {
                throw new InvalidOperationException($"{Path} is stopping and cannot create children");
            }

            _children ??= new Dictionary<string, ChildEntry>(StringComparer.Ordinal);
            if (!_children.TryAdd(name, new ChildEntry(child)))
            {
                throw new InvalidActorNameException($"actor name '{name}' is not unique under {Path}");
            }

            // Still under the lock, so Create is queued before any Terminate BeginTermination sends the child.
            child.SendSystemMessage(Create.Instance);
        }

        return child.Self;
    }

    public IActorRef? Child(string name)
    {
        lock (this)
        {
            return _children is not null && _children.TryGetValue(name, out var entry) ? entry.Cell.Self : null;
        }
    }

    public IReadOnlyList<IActorRef> GetChildren()
    {
        lock (this)
        {
            return _children is null ? Array.Empty<IActorRef>() : _children.Values.Select(e => (IActorRef)e.Cell.Self).ToList();
        }
    }

    public void Stop(IActorRef actor)
    {
        if (actor is LocalActorRef local && ReferenceEquals(local.Cell._parent, this))
        {
            lock (this)
            {
                if (_children is not null && _children.TryGetValue(local.Cell.Name, out var entry))
                {
                    entry.Stopping = true;
                }
            }
        }

        if (actor is IInternalActorRef target)
        {
            target.SendSystemMessage(Terminate.Instance);
        }
    }

    private static string ValidateName(string name)
    {
        if (name.Length == 0 || name[0] == '$' || name.Any(c => c == '/' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new InvalidActorNameException($"'{name}' is not a valid actor name: it must be non-empty, not start with '$', and contain no '/' or whitespace");
        }

        return name;
    }

    private ChildEntry? FindChild(IInternalActorRef child)
    {
        if (child is not LocalActorRef local)
        {
            return null;
        }

        lock (this)
        {
            return _children is not null && _children.TryGetValue(local.Cell.Name, out var entry) && ReferenceEquals(entry.Cell, local.Cell)
                ? entry
                : null;
        }
    }

    private bool HasStoppingChildren()
    {
        lock (this)
        {
            return _children is not null && _children.Values.Any(e => e.Stopping);
        }
    }

    private void HandleChildFailure(Failed failed)
    {
        var entry = FindChild(failed.Child);
        if (entry is null || _state >= Terminating)
        {
            return;
        }

        var strategy = Props.SupervisorStrategy ?? _actor?.SupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        Directive directive;
        try
        {
            directive = strategy.Decide(failed.Cause);
        }
        catch (Exception deciderFailure)
        {
            Log.Error($"the supervisor strategy of {Path} threw; escalating", deciderFailure);
            directive = Directive.Escalate;
        }

        switch (directive)
        {
            case Directive.Resume:
                Log.Warning($"{failed.Child.Path} failed and resumes", failed.Cause);
                failed.Child.SendSystemMessage(Resume.Instance);
                break;
            case Directive.Restart when strategy.RequestRestartPermission(entry.Stats):
                Log.Error($"{failed.Child.Path} failed and restarts", failed.Cause);
                failed.Child.SendSystemMessage(new Recreate(failed.Cause));
                break;
            case Directive.Restart:
                Log.Error($"{failed.Child.Path} failed and has used up its restarts; stopping it", failed.Cause);
                StopChild(entry);
                break;
            case Directive.Stop:
                Log.Error($"{failed.Child.Path} failed and stops", failed.Cause);
                StopChild(entry);
                break;
            default:
                Fail(failed.Cause);
                break;
        }
    }

    private void StopChild(ChildEntry entry)
    {
        lock (this)
        {
            entry.Stopping = true;
        }

        entry.Cell.SendSystemMessage(Terminate.Instance);
    }

    private void BeginRecreate(Exception cause)
    {
        if (_state != Running)
        {
            return;
        }

        try
        {
            _actor?.AroundPreRestart(cause, _failedMessage);
        }
        catch (Exception preRestartFailure)
        {
            Log.Error($"PreRestart of {Path} threw", preRestartFailure);
        }

        _pendingTask = null;
        UnstashAllToFront();

        // Like Akka, the new instance starts only once the children PreRestart stopped are gone, so their names are free.
        if (HasStoppingChildren())
        {
            _pendingRecreate = cause;
        }
        else
        {
            FinishRecreate(cause);
        }
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreate = null;
        _failedMessage = null;

        // The children that PreRestart did not stop, taken before the new instance creates any.
        List<ChildEntry> survivors;
        lock (this)
        {
            survivors = _children?.Values.Where(e => !e.Stopping).ToList() ?? new List<ChildEntry>();
        }

        try
        {
            _actor = NewActor();
            _suspendCount = 0;
            _actor.AroundPostRestart(cause);
        }
        catch (Exception restartFailure)
        {
            Fail(restartFailure as ActorInitializationException
                ?? new ActorInitializationException($"{Path} failed to restart: {restartFailure.Message}", restartFailure));
            return;
        }

        // As in Akka, the children that survived are restarted once the parent runs again. Without this, a child
        // whose failure was escalated (and so caused this restart) would stay suspended forever when PreRestart
        // keeps the children.
        foreach (var survivor in survivors)
        {
            survivor.Cell.SendSystemMessage(new Recreate(cause));
        }
    }

    private void BeginTermination()
    {
        if (_state >= Terminating)
        {
            return;
        }

        List<ChildEntry> children;
        lock (this)
        {
            // Under the lock that ActorOf takes, so no child can be added after this snapshot (see ActorOf).
            _state = Terminating;
            children = _children?.Values.ToList() ?? new List<ChildEntry>();
        }

        foreach (var child in children)
        {
            StopChild(child);
        }

        if (children.Count == 0)
        {
            FinishTermination();
        }
    }

    private void HandleChildTerminated(IInternalActorRef child)
    {
        // Counted under the same lock as the removal, and without copying the children: a parent stopping n children
        // gets n of these, so anything linear in the children here makes stopping quadratic.
        int remaining;
        lock (this)
        {
            if (child is LocalActorRef local
                && _children is not null
                && _children.TryGetValue(local.Cell.Name, out var entry)
                && ReferenceEquals(entry.Cell, local.Cell))
            {
                _children.Remove(local.Cell.Name);
            }

            remaining = _children?.Count ?? 0;
        }

        if (_state == Terminating && remaining == 0)
        {
            FinishTermination();
        }
        else if (_pendingRecreate is not null && !HasStoppingChildren())
        {
            FinishRecreate(_pendingRecreate);
        }
    }

    private void FinishTermination()
    {
        try
        {
            _actor?.AroundPostStop();
        }
        catch (Exception postStopFailure)
        {
            Log.Error($"PostStop of {Path} threw", postStopFailure);
        }

        _actor = null;
        _pendingTask = null;
        _state = Terminated;
        NotifyWatchersOfTermination();
        System.EventStream.Unsubscribe(Self);
        DrainToDeadLetters();
        if (_parent is not null)
        {
            _parent.SendSystemMessage(new ChildTerminated(Self));
        }
        else
        {
            System.OnGuardianTerminated();
        }
    }

    private void DrainToDeadLetters()
    {
        foreach (var envelope in _stash ?? Enumerable.Empty<Envelope>())
        {
            System.RecordDeadLetter(new DeadLetter(envelope.Message, envelope.Sender, Self));
        }

        _stash = null;
        while (TryNextUserMessage(out var envelope))
        {
            System.RecordDeadLetter(new DeadLetter(envelope.Message, envelope.Sender, Self));
        }
    }

    private sealed class ChildEntry(ActorCell cell)
    {
        private ChildRestartStats? _stats;

        public ActorCell Cell { get; } = cell;

        /// <summary>Created on the first failure: most children never fail. Only the parent's thread touches it.</summary>
        public ChildRestartStats Stats => _stats ??= new ChildRestartStats();

        /// <summary>A Terminate was sent; the entry goes when the child reports ChildTerminated.</summary>
        public bool Stopping { get; set; }
    }
}
