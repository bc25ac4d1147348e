namespace FedActors.Actors;

public sealed record SelectedSnapshot(SnapshotMetadata Metadata, object Snapshot);
