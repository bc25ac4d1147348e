namespace FedActors.Actors;

/// <summary>A snapshot store in process memory.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<SelectedSnapshot>> _snapshots = new(StringComparer.Ordinal);

    public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            if (!_snapshots.TryGetValue(metadata.PersistenceId, out var list))
            {
                list = new List<SelectedSnapshot>();
                _snapshots.Add(metadata.PersistenceId, list);
            }

            list.RemoveAll(s => s.Metadata.SequenceNr == metadata.SequenceNr);
            list.Add(new SelectedSnapshot(metadata, snapshot));
            list.Sort((a, b) => a.Metadata.SequenceNr.CompareTo(b.Metadata.SequenceNr));
        }

        return Task.CompletedTask;
    }

    public Task<SelectedSnapshot?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_snapshots.TryGetValue(persistenceId, out var list)
                ? list.LastOrDefault(s => s.Metadata.SequenceNr <= maxSequenceNr)
                : null);
        }
    }

    public Task DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_snapshots.TryGetValue(persistenceId, out var list))
            {
                list.RemoveAll(s => s.Metadata.SequenceNr <= maxSequenceNr);
            }
        }

        return Task.CompletedTask;
    }
}
