namespace FedActors.Actors;

/// <summary>
/// An actor whose state is rebuilt from its events (Akka's <c>ReceivePersistentActor</c>). Commands are handled by
/// <see cref="Command{T}"/> handlers, which call <see cref="Persist{TEvent}"/>; the event is written to the journal
/// and only then is its handler run (persist, then apply). While such a write is in flight, and while the actor
/// recovers, incoming commands are stashed and handled afterwards in their original order. With
/// <see cref="PersistAsync{TEvent}"/> the actor goes on taking commands while the event is written (events persisted
/// meanwhile go to the journal together, in the next write), and <see cref="DeferAsync{TEvent}"/> runs a handler once
/// every event asked for before it is written and handled. Handlers always run in the order they were asked for,
/// with <see cref="ActorBase.Sender"/> the sender of the command that asked. On start (and restart) the actor
/// recovers: the latest snapshot is offered as <see cref="SnapshotOffer"/>, the later events are replayed to the
/// <see cref="Recover{T}"/> handlers, then <see cref="RecoveryCompleted"/> is offered.
/// </summary>
/// <remarks>
/// A failed write calls <see cref="OnPersistFailure"/> and fails the actor with <see cref="PersistFailedException"/>:
/// it stops processing, and its supervisor decides; under the default strategy it restarts and recovers from the
/// journal, which does not hold the failed events. A failed recovery stops the actor.
/// </remarks>
public abstract partial class ReceivePersistentActor : ActorBase
{
    private readonly HandlerList _recoverHandlers = new();
    private readonly List<HandlerList> _commandBehaviors = new() { new HandlerList() };
    private readonly List<Envelope> _internalStash = new();

    // Invocations the running handler asked for (Persist, PersistAsync, DeferAsync), not yet queued.
    private readonly List<PendingInvocation> _pending = new();

    // Every accepted invocation whose handler has not run yet, in the order they were asked for.
    private readonly Queue<Invocation> _invocations = new();
    private HandlerList _configuring;
    private Phase _phase = Phase.Recovering;
    private List<Invocation>? _writing;
    private long _lastAssignedSequenceNr;
    private int _stashingInvocations;

    protected ReceivePersistentActor()
    {
        _configuring = _commandBehaviors[0];
    }

    private enum Phase
    {
        Recovering,
        Ready,
        Persisting,
    }

    /// <summary>The stable id of this actor's events in the journal.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event persisted or replayed.</summary>
    public long LastSequenceNr { get; private set; }

    public bool IsRecovering => _phase == Phase.Recovering;

    /// <summary>The journal this actor writes to; the system's by default.</summary>
    protected virtual IEventJournal Journal => Context.System.Journal;

    protected virtual ISnapshotStore SnapshotStore => Context.System.SnapshotStore;

    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _configuring.Add(HandlerList.Typed(handler, shouldHandle));
    }

    protected void CommandAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _configuring.Add(message =>
        {
            handler(message);
            return true;
        });
    }

    protected void Recover<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _recoverHandlers.Add(HandlerList.Typed(handler, shouldHandle));
    }

    /// <summary>Replaces the command handlers with those <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _configuring;
        _configuring = new HandlerList();
        try
        {
            configure();
            _commandBehaviors[^1] = _configuring;
        }
        finally
        {
            _configuring = previous;
        }
    }

    /// <summary>
    /// Writes <paramref name="event"/> to the journal, then runs <paramref name="handler"/> with it (Sender is still the
    /// command's sender). Commands that arrive before the handler ran are stashed until it has.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull =>
        Ask(@event, handler, written: true, stashing: true);

    /// <summary>Writes all events in one atomic batch, then runs <paramref name="handler"/> for each, in order.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull =>
        AskAll(events, handler, stashing: true);

    /// <summary>
    /// As <see cref="Persist{TEvent}"/>, but the actor goes on handling commands while the event is written (Akka's
    /// <c>PersistAsync</c>): what those commands persist is written in the next batch, and every handler still runs in
    /// the order its event was persisted. A command handled meanwhile sees the state before the event's handler.
    /// </summary>
    protected void PersistAsync<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull =>
        Ask(@event, handler, written: true, stashing: false);

    /// <summary>As <see cref="PersistAsync{TEvent}"/> for each event, in one atomic batch.</summary>
    protected void PersistAllAsync<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull =>
        AskAll(events, handler, stashing: false);

    /// <summary>
    /// Runs <paramref name="handler"/> with <paramref name="event"/>, which is not written, once the handlers of every
    /// event persisted before it have run (Akka's <c>DeferAsync</c>): at once when none is outstanding. Commands are
    /// not stashed meanwhile.
    /// </summary>
    protected void DeferAsync<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        ThrowIfRecovering(nameof(DeferAsync));
        if (_pending.Count == 0 && _invocations.Count == 0)
        {
            ArgumentNullException.ThrowIfNull(handler);
            handler(@event);
            return;
        }

        Ask(@event, handler, written: false, stashing: false);
    }

    private void AskAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler, bool stashing)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var @event in events)
        {
            Ask(@event, handler, written: true, stashing);
        }
    }

    private void Ask<TEvent>(TEvent @event, Action<TEvent> handler, bool written, bool stashing)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfRecovering(written ? "Persist" : nameof(DeferAsync));
        _pending.Add(new PendingInvocation(@event, e => handler((TEvent)e!), written, stashing));
    }

    private void ThrowIfRecovering(string method)
    {
        if (_phase == Phase.Recovering)
        {
            throw new InvalidOperationException($"{method} cannot be called while recovering");
        }
    }

    /// <summary>Saves <paramref name="snapshot"/> as the state at <see cref="LastSequenceNr"/>; the actor then receives <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/>.</summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, DateTimeOffset.UtcNow);
        Task save;
        try
        {
            save = SnapshotStore.SaveAsync(metadata, snapshot);
        }
        catch (Exception cause)
        {
            // A store that throws instead of returning a faulted task reports SaveSnapshotFailure all the same.
            save = Task.FromException(cause);
        }

        save.PipeTo(
            Self,
            Self,
            success: () => new SaveSnapshotSuccess(metadata),
            failure: cause => new SaveSnapshotFailure(metadata, cause));
    }

    /// <summary>Called when events could not be written; logs by default. The actor then fails with <see cref="PersistFailedException"/>.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Log.Error($"{PersistenceId}: failed to persist {@event.GetType().Name} with sequence number {sequenceNr}", cause);

    /// <summary>Called when recovery failed; logs by default. The actor is then stopped.</summary>
    protected virtual void OnRecoveryFailure(Exception cause) =>
        Log.Error($"{PersistenceId}: recovery failed; stopping", cause);

    /// <param name="Written">Whether <paramref name="Event"/> goes to the journal before the handler runs (not for DeferAsync).</param>
    /// <param name="Stashing">Whether commands are stashed until the handler ran (Persist, not PersistAsync).</param>
    private sealed record PendingInvocation(object Event, Action<object?> Handler, bool Written, bool Stashing);

    /// <summary>An accepted invocation, with the command that asked for it and, once its write started, its sequence number.</summary>
    private sealed class Invocation(PendingInvocation pending, Envelope command)
    {
        public PendingInvocation Pending { get; } = pending;

        public Envelope Command { get; } = command;

        public long SequenceNr { get; set; }

        /// <summary>Whether the journal has the event (or it is not one to write): the handler may run when its turn comes.</summary>
        public bool Done { get; set; } = !pending.Written;
    }
}
