namespace FedActors.Actors;

/// <summary>The kernel's side of a reference: system messages (lifecycle, supervision, death watch) bypass the user mailbox.</summary>
internal interface IInternalActorRef : IActorRef
{
    void SendSystemMessage(SystemMessage message);

    bool IsTerminated { get; }
}
