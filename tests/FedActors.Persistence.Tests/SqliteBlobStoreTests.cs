using System.Security.Cryptography;

namespace FedActors.Persistence.Tests;

/// <summary>Content addressing, hash checks on read and models as float32 blobs.</summary>
public sealed class SqliteBlobStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string StorePath => _directory.File("journal.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Put_Bytes_ReturnsTheirLowercaseHexSha256AndGetReturnsThem()
    {
        // Arrange
        using var store = new SqliteBlobStore(StorePath);
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
        using var store = new SqliteBlobStore(StorePath);

        // Act
        var first = store.Put(new byte[] { 7, 7 });
        var second = store.Put(new byte[] { 7, 7 });

        // Assert
        Assert.Equal(first, second);
        Assert.Equal(1L, RawSql.Scalar(StorePath, "SELECT COUNT(*) FROM blobs;"));
    }

    [Fact]
    public void Get_UnknownHash_ThrowsKeyNotFoundNamingIt()
    {
        // Arrange
        using var store = new SqliteBlobStore(StorePath);
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
        using var store = new SqliteBlobStore(StorePath);
        var key = store.Put(new byte[] { 1, 2, 3 });
        RawSql.Execute(StorePath, "UPDATE blobs SET data = x'010204';");

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
        using var store = new SqliteBlobStore(StorePath);
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

    [Fact]
    public void Reopen_AfterDispose_StillHasTheBlob()
    {
        // Arrange
        string key;
        using (var store = new SqliteBlobStore(StorePath))
        {
            key = store.Put(new byte[] { 42 });
        }

        // Act
        using var reopened = new SqliteBlobStore(StorePath);

        // Assert
        Assert.Equal(new byte[] { 42 }, reopened.Get(key));
    }

    [Fact]
    public void FromBytes_LengthNotAMultipleOfFour_Throws()
    {
        // Arrange, Act, Assert
        Assert.Throws<ArgumentException>(() => ModelBlobs.FromBytes(new byte[] { 1, 2, 3 }));
    }
}
