namespace FedActors.Actors;

/// <summary>The reference to an actor of this process.</summary>
internal sealed class LocalActorRef(ActorCell cell) : IInternalActorRef
{
    internal ActorCell Cell { get; } = cell;

    public string Path => Cell.Path;

    public bool IsTerminated => Cell.IsTerminated;

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.SendUserMessage(new Envelope(message, sender));
    }

    public void SendSystemMessage(SystemMessage message) => Cell.SendSystemMessage(message);

    public override string ToString() => $"[{Path}]";
}
