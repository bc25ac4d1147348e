namespace FedActors.Actors;

/// <summary>
/// An actor whose state is rebuilt from its events (Akka's <c>ReceivePersistentActor</c>). Commands are handled by
/// <see cref="Command{T}"/> handlers, which call <see cref="Persist{TEvent}"/>; the event is written to the journal
/// and only then is its handler run (persist, then apply). While a write is in flight, and while the actor recovers,
/// incoming commands are stashed and handled afterwards in their original order. On start (and restart) the actor
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
    private readonly List<PendingEvent> _pending = new();
    private HandlerList _configuring;
    private Phase _phase = Phase.Recovering;
    private List<PendingEvent>? _inFlight;
    private Envelope _inFlightCommand;

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

    /// <summary>Writes <paramref name="event"/> to the journal, then runs <paramref name="handler"/> with it (Sender is still the command's sender).</summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_phase == Phase.Recovering)
        {
            throw new InvalidOperationException("Persist cannot be called while recovering");
        }

        _pending.Add(new PendingEvent(@event, e => handler((TEvent)e)));
    }

    /// <summary>Writes all events in one atomic batch, then runs <paramref name="handler"/> for each, in order.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var @event in events)
        {
            Persist(@event, handler);
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

    private sealed record PendingEvent(object Event, Action<object> Handler);
}
