using System.Collections.Concurrent;
using FedActors.Persistence;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// A thread-safe, content-addressed store of model states, keyed by <see cref="ModelHash.Sha256"/>. With a backing
/// <see cref="IBlobStore"/> (the run's <c>journal.db</c>), every model is written there before <see cref="Put"/>
/// returns, so an event that names a model's hash is only journaled once the model is durable, and a resumed run finds
/// its models again. Update vectors (<c>persistence.store-updates</c>) go to the backing store only: they are read
/// back for resume and replay, not kept in memory. A store with a blob store keeps only the
/// <see cref="CachedModels"/> models most recently stored or read back in memory (older ones are read back on demand,
/// pinned ones stay), so a long run's memory does not grow by a model per round.
/// </summary>
public sealed class ModelStore
{
    /// <summary>How many models a store with a blob store keeps in memory.</summary>
    public const int CachedModels = 8;

    private readonly ConcurrentDictionary<string, float[]> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, float[]> _pinned = new(StringComparer.Ordinal);
    private readonly Queue<string> _cacheOrder = new();
    private readonly Lock _cacheLock = new();
    private readonly IBlobStore? _blobs;

    /// <summary>Where <see cref="PutBytes"/> writes: the blob store, or memory for a store without one.</summary>
    private readonly IBlobStore _byteStore;

    /// <summary>A store in memory only.</summary>
    public ModelStore()
    {
        _byteStore = new InMemoryBlobStore();
    }

    /// <summary>A store that writes every model through to <paramref name="blobs"/> and reads missing ones from it.</summary>
    public ModelStore(IBlobStore blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _blobs = blobs;
        _byteStore = blobs;
    }

    /// <summary>True when states are also written to a blob store.</summary>
    public bool IsDurable => _blobs is not null;

    /// <summary>Keeps <paramref name="state"/> (not a copy: callers must not change it afterwards) and returns its hash.</summary>
    public string Put(float[] state)
    {
        ArgumentNullException.ThrowIfNull(state);

        // The blob store keys the state by the SHA-256 ModelHash computes over the same bytes, so the state is hashed
        // once; writing a state it has already is a no-op.
        var hash = _blobs is null ? ModelHash.Sha256(state) : _blobs.PutModel(state);
        Cache(hash, state);
        return hash;
    }

    /// <summary>
    /// <see cref="Put"/>, and keeps the model in memory until <see cref="Unpin"/>, however many models are stored after
    /// it: the models a defense stage hands its evaluators for one round, more than <see cref="CachedModels"/> of them.
    /// </summary>
    public string PutPinned(float[] state)
    {
        var hash = Put(state);
        _pinned[hash] = state;
        return hash;
    }

    /// <summary>Lets models kept by <see cref="PutPinned"/> leave memory like any other.</summary>
    public void Unpin(IEnumerable<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        foreach (var hash in hashes)
        {
            _pinned.TryRemove(hash, out _);
        }
    }

    /// <summary>The state stored under <paramref name="hash"/>; throws <see cref="KeyNotFoundException"/> naming the hash when there is none.</summary>
    public float[] Get(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (_pinned.TryGetValue(hash, out var state) || _states.TryGetValue(hash, out state))
        {
            return state;
        }

        if (_blobs is not null && _blobs.Contains(hash))
        {
            return Cache(hash, _blobs.GetModel(hash));
        }

        throw new KeyNotFoundException($"no model with hash {hash} is in the model store");
    }

    public bool Contains(string hash) => _pinned.ContainsKey(hash) || _states.ContainsKey(hash) || (_blobs?.Contains(hash) ?? false);

    /// <summary>Writes an update vector to the backing blob store (not to memory) and returns its hash.</summary>
    /// <exception cref="InvalidOperationException">The store has no backing blob store.</exception>
    public string StoreUpdate(float[] update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var blobs = _blobs ?? throw new InvalidOperationException("updates can only be stored in a model store with a blob store");

        // Put is idempotent and keys the blob by the SHA-256 ModelHash computes over the same bytes.
        return blobs.PutModel(update);
    }

    /// <summary>An update vector written by <see cref="StoreUpdate"/>, or null when the backing store does not have it.</summary>
    public float[]? TryLoadUpdate(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return _blobs is not null && _blobs.Contains(hash) ? _blobs.GetModel(hash) : null;
    }

    /// <summary>Stores opaque bytes (a defense stage's state) in the blob store, or in memory without one, and returns their SHA-256.</summary>
    public string PutBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return _byteStore.Put(bytes);
    }

    /// <summary>The bytes <see cref="PutBytes"/> stored under <paramref name="hash"/>; <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public byte[] GetBytes(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return _byteStore.Get(hash);
    }

    /// <summary>Whether <see cref="GetBytes"/> would find <paramref name="hash"/>.</summary>
    public bool ContainsBytes(string hash) => _byteStore.Contains(hash);

    /// <summary>Models held in memory now.</summary>
    public int InMemoryCount => _states.Count;

    /// <summary>Keeps <paramref name="state"/> in memory (or the copy already there, which it returns); with a blob store, forgets the oldest beyond <see cref="CachedModels"/>.</summary>
    private float[] Cache(string hash, float[] state)
    {
        lock (_cacheLock)
        {
            if (_states.TryGetValue(hash, out var cached))
            {
                return cached;
            }

            _states[hash] = state;
            _cacheOrder.Enqueue(hash);
            while (_blobs is not null && _cacheOrder.Count > CachedModels)
            {
                _states.TryRemove(_cacheOrder.Dequeue(), out _);
            }

            return state;
        }
    }
}
