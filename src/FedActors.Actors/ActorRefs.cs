namespace FedActors.Actors;

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>No sender: replies to a message sent with it go to dead letters.</summary>
    public static readonly IActorRef? NoSender;

    /// <summary>A reference to no actor; everything sent to it is dropped as a dead letter by the system that sees it.</summary>
    public static readonly IActorRef Nobody = new NobodyRef();

    private sealed class NobodyRef : IActorRef
    {
        public string Path => "fedactors://nobody";

        public void Tell(object message, IActorRef? sender)
        {
        }

        public override string ToString() => "Nobody";
    }
}
