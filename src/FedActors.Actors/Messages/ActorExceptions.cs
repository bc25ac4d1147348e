namespace FedActors.Actors;

/// <summary>An actor failed while being created (in its constructor or <c>PreStart</c>); by default the actor is stopped.</summary>
public sealed class ActorInitializationException(string message, Exception? inner) : Exception(message, inner);

/// <summary>Thrown inside an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>An actor received <see cref="Terminated"/> for a watched actor and did not handle it.</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"unhandled Terminated for {deadActor.Path}")
{
    public IActorRef DeadActor { get; } = deadActor;
}

/// <summary>An <c>Ask</c> got no reply in time.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>An actor name is empty, malformed or already used by a sibling.</summary>
public sealed class InvalidActorNameException(string message) : ArgumentException(message);
