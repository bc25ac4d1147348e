namespace FedActors.Actors;

/// <summary>A message an actor did not handle. Published on the event stream.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
