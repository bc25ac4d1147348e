namespace FedActors.Actors.Tests.Persistence;

/// <summary>
/// A persistent list of strings for the persistence tests: <see cref="Add"/> persists <see cref="Added"/>
/// (<see cref="AddAsync"/> with PersistAsync; <see cref="Defer"/> defers a report of the items), and every
/// step (event applied, event recovered, snapshot offered, recovery finished, failures, restarts) is told to an
/// observer probe, so a test reads the exact order of what happened from one queue.
/// </summary>
internal sealed class ListActor : ReceivePersistentActor
{
    /// <summary>Recovering an <see cref="Added"/> with this value throws (a corrupt event).</summary>
    public const string PoisonValue = "poison";

    private readonly IActorRef _observer;
    private readonly IEventJournal? _journal;
    private readonly ISnapshotStore? _snapshotStore;
    private List<string> _items = new();

    public ListActor(string persistenceId, IActorRef observer, IEventJournal? journal, ISnapshotStore? snapshotStore)
    {
        PersistenceId = persistenceId;
        _observer = observer;
        _journal = journal;
        _snapshotStore = snapshotStore;

        Recover<SnapshotOffer>(HandleSnapshotOffer);
        Recover<Added>(HandleRecovered);
        Recover<RecoveryCompleted>(_ => _observer.Tell(new RecoveryFinished(_items.ToArray(), LastSequenceNr)));

        Command<Add>(add => Persist(new Added(add.Value), HandleApplied));
        Command<AddAll>(addAll => PersistAll(addAll.Values.Select(v => new Added(v)), HandleApplied));
        Command<AddAsync>(add => PersistAsync(new Added(add.Value), HandleApplied));
        Command<AddAllAsync>(addAll => PersistAllAsync(addAll.Values.Select(v => new Added(v)), HandleApplied));
        Command<Defer>(defer => DeferAsync(defer, d => _observer.Tell(new DeferredRan(d.Value, _items.ToArray(), Sender))));
        Command<GetState>(_ => Sender.Tell(new ListState(_items.ToArray(), LastSequenceNr)));
        Command<TakeSnapshot>(_ => SaveSnapshot(_items.ToArray()));
        Command<SaveSnapshotSuccess>(success => _observer.Tell(new SnapshotSaved(success.Metadata.SequenceNr)));
        Command<SaveSnapshotFailure>(failure => _observer.Tell(new SnapshotNotSaved(failure.Metadata.SequenceNr, failure.Cause)));
    }

    public override string PersistenceId { get; }

    protected override IEventJournal Journal => _journal ?? base.Journal;

    protected override ISnapshotStore SnapshotStore => _snapshotStore ?? base.SnapshotStore;

    /// <summary>The actor with the system's journal and snapshot store unless others are given.</summary>
    public static Props Props(string persistenceId, IActorRef observer, IEventJournal? journal = null, ISnapshotStore? snapshotStore = null) =>
        Actors.Props.Create(() => new ListActor(persistenceId, observer, journal, snapshotStore));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _observer.Tell(new PersistFailed(@event, sequenceNr, cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception cause)
    {
        _observer.Tell(new RecoveryFailed(cause));
        base.OnRecoveryFailure(cause);
    }

    protected internal override void PreRestart(Exception reason, object? message)
    {
        _observer.Tell(new Restarting(reason));
        base.PreRestart(reason, message);
    }

    private void HandleSnapshotOffer(SnapshotOffer offer)
    {
        _items = ((string[])offer.Snapshot).ToList();
        _observer.Tell(new SnapshotOffered(_items.ToArray(), offer.Metadata.SequenceNr));
    }

    private void HandleRecovered(Added added)
    {
        if (added.Value == PoisonValue)
        {
            throw new InvalidOperationException("a corrupt event");
        }

        _items.Add(added.Value);
        _observer.Tell(new Recovered(added.Value, LastSequenceNr));
    }

    private void HandleApplied(Added added)
    {
        _items.Add(added.Value);
        _observer.Tell(new Applied(added.Value, LastSequenceNr, Sender));
    }
}
