using System.Collections.Concurrent;

namespace FedActors.Persistence;

/// <summary>A thread-safe <see cref="IBlobStore"/> in memory, for runs on the in-memory journal and for tests.</summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public string Put(ReadOnlySpan<byte> bytes)
    {
        var sha256 = Sha256Hex.Of(bytes);
        _blobs.TryAdd(sha256, bytes.ToArray());
        return sha256;
    }

    public byte[] Get(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return _blobs.TryGetValue(sha256, out var data)
            ? (byte[])data.Clone()
            : throw new KeyNotFoundException($"no blob with SHA-256 {sha256}");
    }

    public bool Contains(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return _blobs.ContainsKey(sha256);
    }
}
