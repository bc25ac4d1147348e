using FedActors.Torch;
namespace FedActors.Simulation.Tests;

public sealed class ModelHashTests
{
    [Fact]
    public void Sha256_Empty_IsHashOfNoBytes()
    {
        // Act
        var hash = ModelHash.Sha256([]);

        // Assert
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hash);
    }

    [Fact]
    public void Sha256_Parameters_HashesLittleEndianFloat32()
    {
        // Arrange: bytes 00 00 80 3f | 00 00 20 c0 | 00 00 00 00, hashed with Python's hashlib.
        float[] parameters = [1.0f, -2.5f, 0.0f];

        // Act
        var hash = ModelHash.Sha256(parameters);

        // Assert
        Assert.Equal("738e86d615200bd3391d7ae379779a8e4644bade56d93d0634aa07004fa697f3", hash);
    }
}
