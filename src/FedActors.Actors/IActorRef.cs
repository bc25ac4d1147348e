namespace FedActors.Actors;

/// <summary>A handle to an actor: the only way to talk to it. Safe to share between threads and actors.</summary>
public interface IActorRef
{
    /// <summary>The actor's path, such as <c>fedactors://sim/user/aggregator/client-7</c>.</summary>
    string Path { get; }

    /// <summary>Sends <paramref name="message"/> without waiting; <paramref name="sender"/> becomes the receiver's <c>Sender</c>.</summary>
    void Tell(object message, IActorRef? sender);
}
