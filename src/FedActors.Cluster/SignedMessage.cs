using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FedActors.Cluster;

/// <summary>
/// The frame of every cluster message: <c>"FAC1"</c>, the header's length (int32, little-endian), the header as UTF-8
/// JSON, then a binary payload (raw little-endian floats or longs). The body is signed with HMAC-SHA256 under the
/// cluster secret; the signature travels in the AMQP header <see cref="SignatureHeader"/>, so a message whose body was
/// changed, or that was signed with another key, fails <see cref="Verify"/>.
/// </summary>
public sealed class SignedMessage
{
    /// <summary>The AMQP header holding the body's HMAC-SHA256, as lowercase hex.</summary>
    public const string SignatureHeader = "fedactors-hmac";

    private static readonly byte[] Magic = "FAC1"u8.ToArray();

    private SignedMessage(JsonObject header, ReadOnlyMemory<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public JsonObject Header { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The header's <c>type</c> field.</summary>
    public string Type => this.RequireString("type");

    /// <summary>Frames <paramref name="header"/> and <paramref name="payload"/> into one body.</summary>
    public static byte[] Encode(JsonObject header, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(header);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var body = new byte[Magic.Length + 4 + json.Length + payload.Length];
        Magic.CopyTo(body, 0);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(Magic.Length), json.Length);
        json.CopyTo(body, Magic.Length + 4);
        payload.CopyTo(body.AsSpan(Magic.Length + 4 + json.Length));
        return body;
    }

    /// <summary>Reads a body framed by <see cref="Encode"/>.</summary>
    /// <exception cref="MalformedMessageException">The body is not such a frame.</exception>
    public static SignedMessage Decode(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.Length < Magic.Length + 4 || !span[..Magic.Length].SequenceEqual(Magic))
        {
            throw new MalformedMessageException($"not a FedActors cluster message ({span.Length} bytes without the FAC1 frame)");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[Magic.Length..]);
        if (length < 2 || length > span.Length - Magic.Length - 4)
        {
            throw new MalformedMessageException($"header length {length} does not fit a {span.Length}-byte message");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(span.Slice(Magic.Length + 4, length));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new MalformedMessageException($"header is not JSON: {e.Message}");
        }

        if (node is not JsonObject header)
        {
            throw new MalformedMessageException("header is not a JSON object");
        }

        return new SignedMessage(header, body[(Magic.Length + 4 + length)..]);
    }

    /// <summary>The body's HMAC-SHA256 under <paramref name="secret"/>, as lowercase hex.</summary>
    public static string Sign(ReadOnlySpan<byte> body, byte[] secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    /// <summary>Whether <paramref name="signature"/> is the body's HMAC under <paramref name="secret"/> (compared in constant time).</summary>
    public static bool Verify(ReadOnlySpan<byte> body, byte[] secret, string? signature)
    {
        if (signature is null || signature.Length != 64)
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, body), expected);
    }

    /// <summary>The secret's bytes as the HMAC key.</summary>
    public static byte[] Key(string secret) => Encoding.UTF8.GetBytes(secret);
}
