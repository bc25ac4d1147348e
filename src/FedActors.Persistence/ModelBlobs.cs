using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FedActors.Persistence;

/// <summary>
/// Models as blobs: the parameters as little-endian IEEE float32 bytes, so a model's blob key equals the hash that
/// FedActors.Torch's <c>ModelHash.Sha256</c> computes over the same parameters.
/// </summary>
public static class ModelBlobs
{
    /// <summary>Stores the parameters and returns their SHA-256 (the model hash).</summary>
    public static string PutModel(this IBlobStore store, ReadOnlySpan<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(store);
        return BitConverter.IsLittleEndian ? store.Put(MemoryMarshal.AsBytes(parameters)) : store.Put(ToBytes(parameters));
    }

    /// <summary>The parameters stored under <paramref name="sha256"/>, checked against it.</summary>
    public static float[] GetModel(this IBlobStore store, string sha256)
    {
        ArgumentNullException.ThrowIfNull(store);
        return FromBytes(store.Get(sha256));
    }

    /// <summary>Little-endian float32 bytes of the parameters.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> parameters)
    {
        var bytes = new byte[parameters.Length * sizeof(float)];
        for (var i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), parameters[i]);
        }

        return bytes;
    }

    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new ArgumentException($"a model blob's length must be a multiple of 4 bytes, not {bytes.Length}", nameof(bytes));
        }

        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        }

        var parameters = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
        }

        return parameters;
    }
}
