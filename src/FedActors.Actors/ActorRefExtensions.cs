namespace FedActors.Actors;

public static class ActorRefExtensions
{
    /// <summary>Sends with the current actor as sender when called from inside an actor, else with no sender.</summary>
    public static void Tell(this IActorRef receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Self);

    /// <summary>Passes the message on keeping its original sender, as Akka's <c>Forward</c>.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        var cell = ActorCell.Current ?? throw new InvalidOperationException("Forward can only be called from inside an actor.");
        receiver.Tell(message, cell.CurrentSender);
    }
}
