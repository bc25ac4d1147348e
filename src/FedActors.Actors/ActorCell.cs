namespace FedActors.Actors;

/// <summary>
/// The runtime of one actor: its mailbox, its current instance, children, watchers and lifecycle. A cell runs on
/// the thread pool only while it has messages: one work item drains up to <c>throughput</c> messages and re-queues
/// itself if more remain, so an idle actor costs memory and nothing else.
/// </summary>
/// <remarks>
/// Concurrency: any thread may enqueue (user or system messages) and try to schedule the cell; the status word
/// guarantees at most one work item runs it at a time, so everything below "state of the running cell" is touched by
/// one thread at a time and needs no locks. The children table is the exception (the user guardian's children are
/// created from any thread), so it is guarded by a lock on the cell.
/// </remarks>
internal sealed partial class ActorCell : IActorContext, IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private const int Creating = 0;
    private const int Running = 1;
    private const int Terminating = 2;
    private const int Terminated = 3;

    [ThreadStatic]
    private static ActorCell? t_current;

    private readonly MpscQueue<Envelope> _mailbox = new();
    private readonly MpscQueue<SystemMessage> _systemMailbox = new();
    private readonly SemaphoreSlim? _capacity;
    private readonly int _throughput;
    private readonly ActorCell? _parent;
    private int _status;
    private volatile int _state;

    // State of the running cell.
    private ActorBase? _actor;
    private Envelope _current;
    private int _suspendCount;
    private object? _failedMessage;
    private Exception? _pendingRecreate;
    private ILoggingAdapter? _log;

    private ActorCell(ActorSystem system, Props props, ActorCell? parent, string name)
    {
        System = system;
        Props = props;
        _parent = parent;
        Name = name;
        Self = new LocalActorRef(this);
        _throughput = props.Throughput ?? system.Settings.Throughput;
        if (props.MailboxCapacity is { } capacity)
        {
            _capacity = new SemaphoreSlim(capacity, capacity);
        }
    }

    /// <summary>The cell whose message is being processed on this thread.</summary>
    internal static ActorCell? Current => t_current;

    public ActorSystem System { get; }

    public Props Props { get; }

    public string Name { get; }

    public LocalActorRef Self { get; }

    IActorRef IActorContext.Self => Self;

    public string Path => _parent is null ? $"fedactors://{System.Name}/user" : $"{_parent.Path}/{Name}";

    public bool IsTerminated => _state == Terminated;

    public IActorRef Parent => (IActorRef?)_parent?.Self ?? ActorRefs.Nobody;

    public IActorRef Sender => _current.Sender ?? System.DeadLetters;

    internal IActorRef? CurrentSender => _current.Sender;

    public ILoggingAdapter Log => _log ??= System.GetLogger(Path);

    private bool CanProcessUserMessages => _state == Running && _suspendCount == 0 && _pendingTask is null;

    internal static ActorCell CreateGuardian(ActorSystem system)
    {
        var guardian = new ActorCell(system, Props.Create(() => new GuardianActor()), parent: null, name: "user");
        guardian.SendSystemMessage(Create.Instance);
        return guardian;
    }

    public void SendUserMessage(Envelope envelope)
    {
        if (_state == Terminated)
        {
            System.RecordDeadLetter(new DeadLetter(envelope.Message, envelope.Sender, Self));
            return;
        }

        // Back-pressure: a bounded mailbox makes the sender wait for room, up to the push timeout.
        if (_capacity is not null && !_capacity.Wait(Props.MailboxPushTimeout))
        {
            Log.Warning($"mailbox full ({Props.MailboxCapacity} messages): {envelope.Message.GetType().Name} goes to dead letters");
            System.RecordDeadLetter(new DeadLetter(envelope.Message, envelope.Sender, Self));
            return;
        }

        _mailbox.Enqueue(envelope);
        TrySchedule();
    }

    public void SendSystemMessage(SystemMessage message)
    {
        _systemMailbox.Enqueue(message);
        TrySchedule();
    }

    /// <summary>Runs the cell: system messages first, then up to <c>throughput</c> user messages.</summary>
    public void Execute()
    {
        var previous = t_current;
        t_current = this;
        try
        {
            ProcessSystemMessages();
            for (var budget = _throughput; budget > 0 && CanProcessUserMessages && TryNextUserMessage(out var envelope); budget--)
            {
                Invoke(envelope);
                if (!_systemMailbox.IsEmpty)
                {
                    ProcessSystemMessages();
                }
            }

            if (_state == Terminated)
            {
                DrainToDeadLetters();
            }
        }
        finally
        {
            t_current = previous;

            // Publish Idle before looking at the queues again: a producer that enqueued after our last look either
            // sees Idle and schedules us, or we see its message here and schedule ourselves.
            Interlocked.Exchange(ref _status, Idle);
            if (HasWork() && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }
    }

    private void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private bool HasWork() =>
        !_systemMailbox.IsEmpty
        || (_state == Terminated && !_mailbox.IsEmpty)
        || (CanProcessUserMessages && (_front is { Count: > 0 } || !_mailbox.IsEmpty));

    private bool TryNextUserMessage(out Envelope envelope)
    {
        if (_front is { Count: > 0 })
        {
            envelope = _front.Dequeue();
            return true;
        }

        if (_mailbox.TryDequeue(out envelope))
        {
            _capacity?.Release();
            return true;
        }

        return false;
    }

    private void Invoke(Envelope envelope)
    {
        _current = envelope;
        try
        {
            switch (envelope.Message)
            {
                case PoisonPill:
                    BeginTermination();
                    break;
                case Kill:
                    throw new ActorKilledException($"{Path} received Kill");
                default:
                    if (!_actor!.Receive(envelope.Message))
                    {
                        _actor.InvokeUnhandled(envelope.Message);
                    }

                    break;
            }
        }
        catch (Exception cause)
        {
            Fail(cause);
        }
    }

    internal void DefaultUnhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        Log.Debug($"unhandled message {message.GetType().Name} from {Sender.Path}");
        System.EventStream.Publish(new UnhandledMessage(message, _current.Sender, Self));
    }

    private void ProcessSystemMessages()
    {
        while (_systemMailbox.TryDequeue(out var message))
        {
            if (_state == Terminated)
            {
                AnswerAfterTermination(message);
                continue;
            }

            try
            {
                switch (message)
                {
                    case Create:
                        CreateActor();
                        break;
                    case Terminate:
                        BeginTermination();
                        break;
                    case Resume:
                        _suspendCount = Math.Max(0, _suspendCount - 1);

                        // An actor that failed to start has no instance to resume (every message would fail on it):
                        // as Akka's faultResume, create one instead.
                        if (_actor is null && _state == Running)
                        {
                            CreateActor();
                        }

                        break;
                    case Recreate recreate:
                        BeginRecreate(recreate.Cause);
                        break;
                    case Failed failed:
                        HandleChildFailure(failed);
                        break;
                    case ChildTerminated childTerminated:
                        HandleChildTerminated(childTerminated.Child);
                        break;
                    case Watch watch:
                        AddWatcher(watch.Watcher);
                        break;
                    case Unwatch unwatch:
                        _watchedBy?.Remove(unwatch.Watcher);
                        break;
                    case DeathWatchNotification notification:
                        HandleDeathWatchNotification(notification.Actor);
                        break;
                    case RunContinuation continuation:
                        RunContinuationInside(continuation);
                        break;
                    case AsyncHandlerCompleted completed:
                        HandleTaskCompleted(completed.Task);
                        break;
                }
            }
            catch (Exception cause)
            {
                Fail(cause);
            }
        }
    }

    private void CreateActor()
    {
        try
        {
            _actor = NewActor();
            _state = Running;
            _actor.AroundPreStart();
        }
        catch (Exception cause)
        {
            // As Akka's clearOutActorIfNonNull: an instance whose PreStart threw never started, so it gets no PostStop
            // (or PreRestart) later; a restart creates a fresh one.
            _actor = null;
            _state = Running;
            Fail(cause as ActorInitializationException ?? new ActorInitializationException($"{Path} failed to start: {cause.Message}", cause));
        }
    }

    private ActorBase NewActor()
    {
        // The actor's constructor binds to ActorCell.Current, which is this cell while it runs.
        var actor = Props.Factory();
        return actor;
    }

    /// <summary>
    /// A failure while processing: the cell stops taking user messages and asks its supervisor what to do. The
    /// guardian has no supervisor: it logs and stops the failed top-level actor instead (see GuardianActor).
    /// </summary>
    private void Fail(Exception cause)
    {
        _suspendCount++;
        _failedMessage = _current.Message;
        if (_parent is null)
        {
            Log.Error("the user guardian failed; stopping the actor system", cause);
            BeginTermination();
            return;
        }

        _parent.SendSystemMessage(new Failed(Self, cause));
    }

    public override string ToString() => $"ActorCell[{Path}]";

    private sealed class GuardianActor : ActorBase
    {
        protected internal override bool Receive(object message) => false;
    }
}
