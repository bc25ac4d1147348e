using System.Security.Cryptography;

namespace FedActors.Persistence.Tests;

/// <summary>Content addressing, hash checks on read and models as float32 blobs, run against each durable blob store.</summary>
public abstract class BlobStoreSpec
{
    private IBlobStore? _store;

    protected IBlobStore Store => _store ??= CreateStore();

    protected abstract IBlobStore CreateStore();

    /// <summary>How many rows the store's table has, read behind its back.</summary>
    protected abstract long CountBlobs();

    /// <summary>Replaces the bytes of every stored blob behind the store's back, the way a damaged disk would.</summary>
    protected abstract void OverwriteEveryBlob(byte[] bytes);

    [Fact]
    public void Put_Bytes_ReturnsTheirLowercaseHexSha256AndGetReturnsThem()
    {
        // Arrange
        var store = Store;
        var bytes = new byte[] { 1, 2, 3, 250 };

        // Act
        var key = store.Put(bytes);

        // Assert
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), key);
        Assert.True(store.Contains(key));
        Assert.Equal(bytes, store.Get(key));
    }

    [Fact]
    public void Put_SameBytesTwice_StoresOneBlob()
    {
        // Arrange
        var store = Store;

        // Act
        var first = store.Put(new byte[] { 7, 7 });
        var second = store.Put(new byte[] { 7, 7 });

        // Assert
        Assert.Equal(first, second);
        Assert.Equal(1L, CountBlobs());
    }

    [Fact]
    public void Get_UnknownHash_ThrowsKeyNotFoundNamingIt()
    {
        // Arrange
        var store = Store;
        var missing = new string('0', 64);

        // Act
        var error = Assert.Throws<KeyNotFoundException>(() => store.Get(missing));

        // Assert
        Assert.Contains(missing, error.Message);
        Assert.False(store.Contains(missing));
    }

    [Fact]
    public void Get_BytesEditedOnDisk_ThrowsNamingTheHash()
    {
        // Arrange
        var store = Store;
        var key = store.Put(new byte[] { 1, 2, 3 });
        OverwriteEveryBlob(new byte[] { 1, 2, 4 });

        // Act
        var error = Assert.Throws<PersistenceException>(() => store.Get(key));

        // Assert
        Assert.Contains(key, error.Message);
        Assert.Contains("corrupted", error.Message);
    }

    [Fact]
    public void PutModel_Parameters_KeyIsTheSha256OfTheirLittleEndianFloat32Bytes()
    {
        // Arrange
        var store = Store;
        var parameters = new[] { 1.0f, -2.5f, float.Epsilon, 0f };
        var expectedBytes = new byte[]
        {
            0x00, 0x00, 0x80, 0x3F,
            0x00, 0x00, 0x20, 0xC0,
            0x01, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        };

        // Act
        var key = store.PutModel(parameters);
        var loaded = store.GetModel(key);

        // Assert
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expectedBytes)), key);
        Assert.Equal(expectedBytes, store.Get(key));
        Assert.Equal(parameters, loaded);
    }
}
