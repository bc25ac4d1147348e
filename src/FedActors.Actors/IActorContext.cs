namespace FedActors.Actors;

/// <summary>What an actor can do to and about the world around it; valid only while it processes a message.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed, or dead letters when it had none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor.</summary>
    IActorRef Parent { get; }

    ActorSystem System { get; }

    /// <summary>Creates a child; <paramref name="name"/> must be unique among live siblings.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The live child with this name, or null.</summary>
    IActorRef? Child(string name);

    IReadOnlyList<IActorRef> GetChildren();

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef subject);

    IActorRef Unwatch(IActorRef subject);

    /// <summary>Stops a child or this actor, after the message being processed.</summary>
    void Stop(IActorRef actor);

    ILoggingAdapter Log { get; }
}
