namespace FedActors.Actors;

/// <summary>Where undeliverable messages go: they are counted, logged (up to a limit) and published as <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : IInternalActorRef
{
    public string Path => $"fedactors://{system.Name}/deadLetters";

    public bool IsTerminated => false;

    public void Tell(object message, IActorRef? sender) =>
        system.RecordDeadLetter(message as DeadLetter ?? new DeadLetter(message, sender, this));

    public void SendSystemMessage(SystemMessage message)
    {
        // A watch on dead letters is answered at once: it is as good as terminated for the watcher.
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    public override string ToString() => $"[{Path}]";
}
