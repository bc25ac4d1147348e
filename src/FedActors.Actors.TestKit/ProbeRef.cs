using System.Collections.Concurrent;

namespace FedActors.Actors.TestKit;

/// <summary>The reference side of a <see cref="TestProbe"/>: everything sent to it is queued for the test to inspect.</summary>
internal sealed class ProbeRef(string path) : IInternalActorRef
{
    public BlockingCollection<(object Message, IActorRef? Sender)> Queue { get; } = new();

    public string Path { get; } = path;

    public bool IsTerminated => false;

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Queue.Add((message, sender));
    }

    public void SendSystemMessage(SystemMessage message)
    {
        // A probe watches like an actor: the notification arrives as a Terminated message.
        if (message is DeathWatchNotification notification)
        {
            Queue.Add((new Terminated(notification.Actor), notification.Actor));
        }
    }

    public override string ToString() => $"[{Path}]";
}
