using System.Collections.Concurrent;

namespace FedActors.Cluster;

/// <summary>Thread-safe named counts of what a coordinator or worker did with messages (published, rejected as forged, ...).</summary>
public sealed class ClusterCounters
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string name, long amount = 1) => _counts.AddOrUpdate(name, amount, (_, value) => value + amount);

    public long this[string name] => _counts.TryGetValue(name, out var value) ? value : 0;

    /// <summary>Every count so far, by name.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>"name n, name n, ..." for the counts that are not zero.</summary>
    public override string ToString() =>
        string.Join(", ", Snapshot().Where(p => p.Value != 0).Select(p => $"{p.Key} {p.Value}"));
}
