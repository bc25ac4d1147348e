namespace FedActors.Actors;

/// <summary>Stores snapshots of persistent actors' state, so recovery replays only the events after the latest one.</summary>
public interface ISnapshotStore
{
    Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default);

    /// <summary>The latest snapshot of the id with a sequence number ≤ <paramref name="maxSequenceNr"/>, or null.</summary>
    Task<SelectedSnapshot?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    Task DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default);
}
