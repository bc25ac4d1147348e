using System.Collections.Concurrent;

namespace FedActors.Simulation;

/// <summary>A thread-safe, content-addressed store of model states, keyed by <see cref="ModelHash.Sha256"/>.</summary>
public sealed class ModelStore
{
    private readonly ConcurrentDictionary<string, float[]> _states = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="state"/> (not a copy: callers must not change it afterwards) and returns its hash.</summary>
    public string Put(float[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var hash = ModelHash.Sha256(state);
        _states.TryAdd(hash, state);
        return hash;
    }

    /// <summary>The state stored under <paramref name="hash"/>; throws <see cref="KeyNotFoundException"/> naming the hash when there is none.</summary>
    public float[] Get(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return _states.TryGetValue(hash, out var state)
            ? state
            : throw new KeyNotFoundException($"no model with hash {hash} is in the model store");
    }

    public bool Contains(string hash) => _states.ContainsKey(hash);
}
