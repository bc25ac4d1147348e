namespace FedActors.Actors;

/// <summary>
/// How to create an actor: a factory plus options (supervisor strategy for its children, throughput, bounded
/// mailbox). Immutable; the <c>With*</c> methods return copies.
/// </summary>
public sealed record Props
{
    private Props(Func<ActorBase> factory, Type actorType)
    {
        Factory = factory;
        ActorType = actorType;
    }

    internal Func<ActorBase> Factory { get; }

    public Type ActorType { get; }

    /// <summary>How this actor supervises its children; null uses the actor's own <c>SupervisorStrategy()</c>.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; private init; }

    /// <summary>Messages processed per turn on a thread before the actor yields the thread; null uses the system's.</summary>
    public int? Throughput { get; private init; }

    /// <summary>Maximum queued messages, or null for an unbounded mailbox.</summary>
    public int? MailboxCapacity { get; private init; }

    /// <summary>How long a sender waits for room in a full bounded mailbox before the message goes to dead letters.</summary>
    public TimeSpan MailboxPushTimeout { get; private init; }

    public static Props Create<TActor>()
        where TActor : ActorBase, new() => new(() => new TActor(), typeof(TActor));

    /// <summary>Creates the actor with <paramref name="factory"/>, called again on every restart.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor));
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => this with { SupervisorStrategy = strategy };

    public Props WithThroughput(int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        return this with { Throughput = throughput };
    }

    /// <summary>
    /// A bounded mailbox: a sender blocks while <paramref name="capacity"/> messages are queued (back-pressure), for at
    /// most <paramref name="pushTimeout"/>; then the message becomes a dead letter.
    /// </summary>
    public Props WithBoundedMailbox(int capacity, TimeSpan pushTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pushTimeout, TimeSpan.Zero);
        return this with { MailboxCapacity = capacity, MailboxPushTimeout = pushTimeout };
    }
}
