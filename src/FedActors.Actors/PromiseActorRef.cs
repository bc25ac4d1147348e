namespace FedActors.Actors;

/// <summary>A one-shot reference that completes an <c>Ask</c> with the first message sent to it.</summary>
internal sealed class PromiseActorRef(ActorSystem? system, string path) : IInternalActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<object> Reply => _reply.Task;

    public string Path { get; } = path;

    public bool IsTerminated => _reply.Task.IsCompleted;

    public void Tell(object message, IActorRef? sender)
    {
        if (!_reply.TrySetResult(message))
        {
            system?.RecordDeadLetter(new DeadLetter(message, sender, this));
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && IsTerminated)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    public void Cancel() => _reply.TrySetCanceled();

    public override string ToString() => $"[{Path}]";
}
