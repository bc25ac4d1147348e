using System.Text.Json.Nodes;

namespace FedActors.Cluster.Tests;

public sealed class SignedMessageTests
{
    private static readonly byte[] Key = SignedMessage.Key("a-cluster-secret-of-some-length");

    [Fact]
    public void Encode_ThenDecode_GivesTheHeaderAndPayloadBack()
    {
        var body = SignedMessage.Encode(new JsonObject { ["type"] = "x", ["job"] = 7 }, [1, 2, 3]);

        var message = SignedMessage.Decode(body);

        Assert.Equal("x", message.Type);
        Assert.Equal(7, message.Header.RequireLong("job"));
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Payload.ToArray());
    }

    [Fact]
    public void Verify_AcceptsOnlyTheSameBodyUnderTheSameKey()
    {
        var body = SignedMessage.Encode(new JsonObject { ["type"] = "x" }, [9, 9]);
        var signature = SignedMessage.Sign(body, Key);

        Assert.True(SignedMessage.Verify(body, Key, signature));
        Assert.False(SignedMessage.Verify(body, SignedMessage.Key("another-secret-of-some-length"), signature));
        var tampered = (byte[])body.Clone();
        tampered[^1] ^= 1;
        Assert.False(SignedMessage.Verify(tampered, Key, signature));
        Assert.False(SignedMessage.Verify(body, Key, null));
        Assert.False(SignedMessage.Verify(body, Key, "not hex"));
        Assert.False(SignedMessage.Verify(body, Key, new string('0', 64)));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { (byte)'F', (byte)'A', (byte)'C', (byte)'2', 2, 0, 0, 0, (byte)'{', (byte)'}' })]
    [InlineData(new byte[] { (byte)'F', (byte)'A', (byte)'C', (byte)'1', 100, 0, 0, 0, (byte)'{', (byte)'}' })]
    [InlineData(new byte[] { (byte)'F', (byte)'A', (byte)'C', (byte)'1', 2, 0, 0, 0, (byte)'[', (byte)']' })]
    [InlineData(new byte[] { (byte)'F', (byte)'A', (byte)'C', (byte)'1', 2, 0, 0, 0, (byte)'{', (byte)'x' })]
    public void Decode_RefusesBodiesThatAreNotFrames(byte[] body) =>
        Assert.Throws<MalformedMessageException>(() => SignedMessage.Decode(body));

    [Fact]
    public void WithoutPassword_KeepsUserHostAndVhost()
    {
        Assert.Equal("amqp://me@host:5673/vh", Broker.WithoutPassword("amqp://me:secret@host:5673/vh"));
        Assert.Equal("amqps://host/", Broker.WithoutPassword("amqps://host/"));
        Assert.DoesNotContain("secret", Broker.WithoutPassword("amqp://me:secret@host/"));
    }
}
