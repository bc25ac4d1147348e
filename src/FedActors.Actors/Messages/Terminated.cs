namespace FedActors.Actors;

/// <summary>Sent to a watcher when an actor it watches (<c>Context.Watch</c>) has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef);
