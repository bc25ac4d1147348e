using System.Text.RegularExpressions;

namespace FedActors.Actors;

/// <summary>
/// A set of actors with shared settings, scheduler, event stream and dead letters. Top-level actors created with
/// <see cref="ActorOf"/> are children of the user guardian; <see cref="Terminate"/> stops them all (running every
/// <c>PostStop</c>) and completes <see cref="WhenTerminated"/>.
/// </summary>
public sealed partial class ActorSystem : IDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimerScheduler _scheduler = new();
    private long _deadLetterCount;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Log = new LoggingAdapter(settings, $"fedactors://{name}");
        DeadLetters = new DeadLetterActorRef(this);
        Journal = settings.Journal ?? new InMemoryJournal();
        SnapshotStore = settings.SnapshotStore ?? new InMemorySnapshotStore();
        Guardian = ActorCell.CreateGuardian(this);
    }

    public string Name { get; }

    public ActorSystemSettings Settings { get; }

    public IScheduler Scheduler => _scheduler;

    public EventStream EventStream { get; } = new();

    public ILoggingAdapter Log { get; }

    /// <summary>Where undeliverable messages go.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>How many messages could not be delivered so far.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>The journal persistent actors of this system write to.</summary>
    public IEventJournal Journal { get; }

    public ISnapshotStore SnapshotStore { get; }

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ActorCell Guardian { get; }

    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SystemName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid actor system name: use letters, digits, '-' and '_'", nameof(name));
        }

        return new ActorSystem(name, settings ?? new ActorSystemSettings());
    }

    /// <summary>Creates a top-level actor.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => Guardian.ActorOf(props, name);

    /// <summary>Stops an actor (after the message it is processing) and, first, its children.</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is IInternalActorRef internalRef)
        {
            internalRef.SendSystemMessage(Actors.Terminate.Instance);
        }
    }

    /// <summary>Stops every actor; the task completes when all have stopped.</summary>
    public Task Terminate()
    {
        Guardian.SendSystemMessage(Actors.Terminate.Instance);
        return WhenTerminated;
    }

    /// <summary>Terminates and waits (up to 10 seconds) for every actor to stop.</summary>
    public void Dispose()
    {
        try
        {
            Terminate().Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Termination itself cannot fail; a PostStop that threw was already logged.
        }
    }

    public ILoggingAdapter GetLogger(string source) => new LoggingAdapter(Settings, source);

    internal void RecordDeadLetter(DeadLetter deadLetter)
    {
        var count = Interlocked.Increment(ref _deadLetterCount);
        if (count <= Settings.DeadLetterLogLimit)
        {
            var more = count == Settings.DeadLetterLogLimit ? " (further dead letters are counted in DeadLetterCount, not logged)" : string.Empty;
            Log.Warning($"dead letter: {deadLetter.Message.GetType().Name} from {deadLetter.Sender?.Path ?? "no sender"} to {deadLetter.Recipient.Path} could not be delivered{more}");
        }

        // A dead letter addressed to a stopped subscriber must not be published again, or it would loop.
        if (deadLetter.Message is not DeadLetter)
        {
            EventStream.Publish(deadLetter);
        }
    }

    internal void OnGuardianTerminated()
    {
        _scheduler.Dispose();
        _terminated.TrySetResult();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SystemName();
}
