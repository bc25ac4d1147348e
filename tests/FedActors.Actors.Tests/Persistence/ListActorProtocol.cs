namespace FedActors.Actors.Tests.Persistence;

// Commands.
internal sealed record Add(string Value);

internal sealed record AddAll(IReadOnlyList<string> Values);

internal sealed record AddAsync(string Value);

internal sealed record AddAllAsync(IReadOnlyList<string> Values);

internal sealed record Defer(string Value);

internal sealed record GetState
{
    public static readonly GetState Instance = new();
}

internal sealed record TakeSnapshot
{
    public static readonly TakeSnapshot Instance = new();
}

// The event.
internal sealed record Added(string Value);

// The reply to GetState.
internal sealed record ListState(IReadOnlyList<string> Items, long LastSequenceNr);

// What the actor tells its observer, in the order it happens.
internal sealed record Applied(string Value, long SequenceNr, IActorRef Sender);

internal sealed record DeferredRan(string Value, IReadOnlyList<string> Items, IActorRef Sender);

internal sealed record Recovered(string Value, long SequenceNr);

internal sealed record SnapshotOffered(IReadOnlyList<string> Items, long SequenceNr);

internal sealed record RecoveryFinished(IReadOnlyList<string> Items, long LastSequenceNr);

internal sealed record SnapshotSaved(long SequenceNr);

internal sealed record SnapshotNotSaved(long SequenceNr, Exception Cause);

internal sealed record PersistFailed(object Event, long SequenceNr, Exception Cause);

internal sealed record RecoveryFailed(Exception Cause);

internal sealed record Restarting(Exception Reason);
