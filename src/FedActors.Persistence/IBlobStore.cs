namespace FedActors.Persistence;

/// <summary>Content-addressed storage: a blob's key is the lowercase hex SHA-256 of its bytes.</summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes (once; storing them again is a no-op) and returns their SHA-256 in lowercase hex.</summary>
    string Put(ReadOnlySpan<byte> bytes);

    /// <summary>The bytes stored under <paramref name="sha256"/>, checked against it; <see cref="KeyNotFoundException"/> when absent.</summary>
    byte[] Get(string sha256);

    bool Contains(string sha256);
}
