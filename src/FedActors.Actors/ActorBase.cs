namespace FedActors.Actors;

/// <summary>
/// The base of every actor. An actor processes one message at a time; its state needs no locks. Create actors with
/// <c>ActorOf(Props.Create(...))</c>, never with <c>new</c>.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Current
            ?? throw new InvalidOperationException($"{GetType().Name} must be created through ActorOf(Props.Create(...)), not with new.");
    }

    internal ActorCell Cell => _cell;

    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being processed, or dead letters.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>Messages put aside for later; the stash survives restarts (it is put back in the mailbox first).</summary>
    protected IStash Stash => _cell;

    protected ILoggingAdapter Log => _cell.Log;

    /// <summary>Handles a message; returns false when it was not handled.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>Called for messages <see cref="Receive"/> did not handle: publishes <see cref="UnhandledMessage"/>; an unhandled <see cref="Terminated"/> fails the actor with <see cref="DeathPactException"/>.</summary>
    protected virtual void Unhandled(object message) => _cell.DefaultUnhandled(message);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    /// <summary>After the actor is created, before its first message.</summary>
    protected internal virtual void PreStart()
    {
    }

    /// <summary>After the actor has stopped: its children have stopped and it will get no more messages.</summary>
    protected internal virtual void PostStop()
    {
    }

    /// <summary>On the failed instance before a restart; by default stops all children and calls <see cref="PostStop"/>.</summary>
    protected internal virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>On the fresh instance after a restart; by default calls <see cref="PreStart"/>.</summary>
    protected internal virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children; <see cref="Props.SupervisorStrategy"/> wins when set.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    // Hooks around the lifecycle methods, for kernel base classes (persistent actors start recovery here) so that a
    // user's override of PreStart and friends cannot skip what the base class must do.
    internal virtual void AroundPreStart() => PreStart();

    internal virtual void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal virtual void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal virtual void AroundPostStop() => PostStop();

    /// <summary>Runs an async handler with the mailbox suspended until its task completes (used by <c>ReceiveAsync</c>).</summary>
    private protected void RunTask(Func<Task> handler) => _cell.RunTask(handler);
}
