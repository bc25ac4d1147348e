using System.Security.Cryptography;
using System.Text;

namespace FedActors.Persistence;

/// <summary>SHA-256 digests in lowercase hex, the form every table of this project stores.</summary>
internal static class Sha256Hex
{
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));
}
