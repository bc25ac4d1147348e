namespace FedActors.Actors;

/// <summary>Offered to <c>Recover</c> handlers first when recovery starts from a snapshot.</summary>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Offered to <c>Recover</c> handlers after the last replayed event.</summary>
public sealed class RecoveryCompleted
{
    public static readonly RecoveryCompleted Instance = new();

    private RecoveryCompleted()
    {
    }
}

/// <summary>Sent to the persistent actor itself when <c>SaveSnapshot</c> succeeded.</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Sent to the persistent actor itself when <c>SaveSnapshot</c> failed.</summary>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>A persistent actor could not write its events; it fails with this, and its supervisor decides (by default: restart, which recovers from the journal).</summary>
public sealed class PersistFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>A persistent actor could not recover; it is stopped.</summary>
public sealed class RecoveryFailedException(string message, Exception inner) : Exception(message, inner);
