namespace FedActors.Actors;

/// <summary>
/// Lifecycle, supervision and death-watch messages. They travel in their own queue and are processed before user
/// messages, even while the actor is suspended.
/// </summary>
internal abstract record SystemMessage;

internal sealed record Create : SystemMessage
{
    public static readonly Create Instance = new();
}

/// <summary>Stop the actor (and its children first).</summary>
internal sealed record Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

/// <summary>From supervisor: continue, keeping state; the failed message is dropped.</summary>
internal sealed record Resume : SystemMessage
{
    public static readonly Resume Instance = new();
}

/// <summary>From supervisor: replace the actor instance, keeping the mailbox.</summary>
internal sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>To supervisor: a child failed while processing a message.</summary>
internal sealed record Failed(IInternalActorRef Child, Exception Cause) : SystemMessage;

/// <summary>To parent: a child has finished stopping.</summary>
internal sealed record ChildTerminated(IInternalActorRef Child) : SystemMessage;

internal sealed record Watch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

/// <summary>To a watcher: the watched actor has stopped.</summary>
internal sealed record DeathWatchNotification(IInternalActorRef Actor) : SystemMessage;

/// <summary>Runs a continuation of a <c>ReceiveAsync</c> handler inside the actor.</summary>
internal sealed record RunContinuation(SendOrPostCallback Callback, object? State) : SystemMessage;

/// <summary>The task of a <c>ReceiveAsync</c> handler has completed; user messages may flow again.</summary>
internal sealed record AsyncHandlerCompleted(Task Task) : SystemMessage;
