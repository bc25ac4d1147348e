namespace FedActors.Actors;

/// <summary>A message that could not be delivered: its recipient had stopped, or never existed. Published on the event stream.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);
