namespace FedActors.Actors;

/// <summary>Recovery and the persist cycle, driven by internal messages the journal's tasks send back to the actor.</summary>
public abstract partial class ReceivePersistentActor
{
    internal override void AroundPreStart()
    {
        StartRecovery();
        base.AroundPreStart();
    }

    internal override void AroundPreRestart(Exception reason, object? message)
    {
        // Commands stashed while persisting or recovering must survive the restart: put them back in the mailbox.
        Cell.Prepend(_internalStash);
        _internalStash.Clear();
        base.AroundPreRestart(reason, message);
    }

    internal override void AroundPostStop()
    {
        // Commands stashed while a write or recovery was in flight go back to the mailbox, which the stopping cell
        // then turns into dead letters: nothing is dropped silently.
        UnstashInternal();
        base.AroundPostStop();
    }

    internal override void AroundPostRestart(Exception reason)
    {
        StartRecovery();
        base.AroundPostRestart(reason);
    }

    protected internal sealed override bool Receive(object message)
    {
        switch (message)
        {
            case RecoveryResult result when ReferenceEquals(result.Owner, this):
                CompleteRecovery(result);
                return true;
            case RecoveryFailure failure when ReferenceEquals(failure.Owner, this):
                OnRecoveryFailure(failure.Cause);
                StopAfterFailedRecovery();
                return true;
            case WriteResult written when ReferenceEquals(written.Owner, this):
                CompleteWrite(written);
                return true;
            case RecoveryResult or RecoveryFailure or WriteResult:
                // From an earlier incarnation of this actor: its outcome no longer matters.
                return true;
        }

        if (_phase != Phase.Ready)
        {
            _internalStash.Add(Cell.CurrentEnvelope);
            return true;
        }

        if (!_commandBehaviors[^1].Handle(message))
        {
            return false;
        }

        Accept(Cell.CurrentEnvelope);
        Advance();
        return true;
    }

    private void StartRecovery()
    {
        _phase = Phase.Recovering;
        LastSequenceNr = 0;
        ClearInvocations();
        var journal = Journal;
        var snapshots = SnapshotStore;
        var persistenceId = PersistenceId;
        var owner = this;
        Task.Run(async () =>
        {
            var snapshot = await snapshots.LoadAsync(persistenceId).ConfigureAwait(false);
            var from = (snapshot?.Metadata.SequenceNr ?? 0) + 1;
            var events = new List<PersistentRepresentation>();
            await journal.ReplayMessagesAsync(persistenceId, from, long.MaxValue, long.MaxValue, events.Add).ConfigureAwait(false);
            var highest = await journal.ReadHighestSequenceNrAsync(persistenceId, from).ConfigureAwait(false);
            return new RecoveryResult(owner, snapshot, events, highest);
        }).PipeTo(Self, Self, failure: cause => new RecoveryFailure(owner, cause));
    }

    private void CompleteRecovery(RecoveryResult result)
    {
        try
        {
            if (result.Snapshot is { } snapshot)
            {
                LastSequenceNr = snapshot.Metadata.SequenceNr;
                _recoverHandlers.Handle(new SnapshotOffer(snapshot.Metadata, snapshot.Snapshot));
            }

            foreach (var replayed in result.Events)
            {
                LastSequenceNr = replayed.SequenceNr;
                _recoverHandlers.Handle(replayed.Payload);
            }

            LastSequenceNr = Math.Max(LastSequenceNr, result.HighestSequenceNr);
            _lastAssignedSequenceNr = LastSequenceNr;
            _phase = Phase.Ready;
            _recoverHandlers.Handle(RecoveryCompleted.Instance);
        }
        catch (Exception cause)
        {
            OnRecoveryFailure(new RecoveryFailedException($"{PersistenceId}: a Recover handler threw at sequence number {LastSequenceNr}", cause));
            StopAfterFailedRecovery();
            return;
        }

        // A RecoveryCompleted handler may persist (as in Akka): write that now, and take the stashed commands only
        // once it is written; otherwise the event would wait for (and be batched with) the next command.
        Accept(Cell.CurrentEnvelope);
        Advance();
        if (_phase == Phase.Ready)
        {
            UnstashInternal();
        }
    }

    private void StopAfterFailedRecovery()
    {
        // The commands stashed during recovery go back in the mailbox, so that stopping turns them into dead letters
        // instead of dropping them silently.
        UnstashInternal();
        Context.Stop(Self);
    }

    /// <summary>Queues what the handler that just ran asked for, with the command it ran for.</summary>
    private void Accept(Envelope command)
    {
        foreach (var pending in _pending)
        {
            _invocations.Enqueue(new Invocation(pending, command));
            if (pending.Stashing)
            {
                _stashingInvocations++;
            }
        }

        _pending.Clear();
    }

    /// <summary>
    /// Runs the handlers whose turn it is (their events are written, or they are deferred), starts a write of the
    /// queued events when none is in flight, and stashes commands exactly while a <see cref="Persist{TEvent}"/>
    /// handler is outstanding: once none is, the commands stashed meanwhile go back to the mailbox.
    /// </summary>
    private void Advance()
    {
        while (_invocations.TryPeek(out var next) && next.Done)
        {
            _invocations.Dequeue();
            if (next.Pending.Stashing)
            {
                _stashingInvocations--;
            }

            // Handlers run as if the command were still being processed, so Sender is the command's sender.
            Cell.WithCurrent(next.Command, () =>
            {
                if (next.Pending.Written)
                {
                    LastSequenceNr = next.SequenceNr;
                }

                next.Pending.Handler(next.Pending.Event);
            });
            Accept(next.Command);
        }

        if (_writing is null)
        {
            StartWrite();
        }

        if (_stashingInvocations > 0)
        {
            _phase = Phase.Persisting;
        }
        else if (_phase == Phase.Persisting)
        {
            _phase = Phase.Ready;
            UnstashInternal();
        }
    }

    /// <summary>Writes every queued event that is not written yet, in one batch (called only when no write is in flight).</summary>
    private void StartWrite()
    {
        var writing = _invocations.Where(i => !i.Done).ToList();
        if (writing.Count == 0)
        {
            return;
        }

        foreach (var invocation in writing)
        {
            invocation.SequenceNr = ++_lastAssignedSequenceNr;
        }

        _writing = writing;
        var batch = writing.Select(i => new PersistentRepresentation(PersistenceId, i.SequenceNr, i.Pending.Event)).ToList();
        var journal = Journal;
        var owner = this;
        Task write;
        try
        {
            // A batch the actor waits for is written on its own turn, without a hop to another thread. A batch of
            // PersistAsync events only is written from the thread pool, so that the actor goes on meanwhile.
            write = writing.Any(i => i.Pending.Stashing)
                ? journal.WriteMessagesAsync(batch)
                : Task.Run(() => journal.WriteMessagesAsync(batch));
        }
        catch (Exception cause)
        {
            // A journal that throws instead of returning a faulted task has failed the write all the same.
            write = Task.FromException(cause);
        }

        write.PipeTo(
            Self,
            Self,
            success: () => new WriteResult(owner, batch, null),
            failure: cause => new WriteResult(owner, batch, cause));
    }

    private void CompleteWrite(WriteResult written)
    {
        var writing = _writing!;
        _writing = null;
        if (written.Cause is { } cause)
        {
            OnPersistFailure(cause, written.Batch[0].Payload, written.Batch[0].SequenceNr);

            // None of the outstanding handlers will run. No write is in flight any more: put the commands stashed
            // meanwhile back in the mailbox before failing. Otherwise a Resume would leave the actor stashing forever,
            // and a Stop would drop them without dead letters (a Restart keeps them either way).
            ClearInvocations();
            _phase = Phase.Ready;
            UnstashInternal();
            throw new PersistFailedException($"{PersistenceId}: the journal refused {written.Batch.Count} event(s) from sequence number {written.Batch[0].SequenceNr}", cause);
        }

        foreach (var invocation in writing)
        {
            invocation.Done = true;
        }

        Advance();
    }

    private void ClearInvocations()
    {
        _pending.Clear();
        _invocations.Clear();
        _writing = null;
        _stashingInvocations = 0;
        _lastAssignedSequenceNr = LastSequenceNr;
    }

    private void UnstashInternal()
    {
        Cell.Prepend(_internalStash);
        _internalStash.Clear();
    }

    private sealed record RecoveryResult(ReceivePersistentActor Owner, SelectedSnapshot? Snapshot,
        IReadOnlyList<PersistentRepresentation> Events, long HighestSequenceNr);

    private sealed record RecoveryFailure(ReceivePersistentActor Owner, Exception Cause);

    private sealed record WriteResult(ReceivePersistentActor Owner, IReadOnlyList<PersistentRepresentation> Batch, Exception? Cause);
}
