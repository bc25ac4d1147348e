using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FedActors.Torch;

/// <summary>
/// Content hashes of parameter vectors: results.json's <c>finalModelSha256</c>, the blob store's keys, and the key a
/// model state travels under between a cluster's coordinator and its workers.
/// </summary>
public static class ModelHash
{
    /// <summary>SHA-256 of the parameters as little-endian IEEE float32, in lowercase hex.</summary>
    public static string Sha256(ReadOnlySpan<float> parameters)
    {
        if (BitConverter.IsLittleEndian)
        {
            return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(parameters)));
        }

        var bytes = new byte[parameters.Length * sizeof(float)];
        for (var i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), parameters[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
