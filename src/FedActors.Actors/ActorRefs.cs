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

        /// <summary>Records a dead letter in the system of the actor that sends it; outside an actor no system sees it.</summary>
        public void Tell(object message, IActorRef? sender) =>
            ActorCell.Current?.System.RecordDeadLetter(new DeadLetter(message, sender, this));

        public override string ToString() => "Nobody";
    }
}
