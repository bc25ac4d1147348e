namespace FedActors.Persistence.Tests;

/// <summary><see cref="BlobStoreSpec"/> on <see cref="SqliteBlobStore"/>, and reopening the file.</summary>
public sealed class SqliteBlobStoreTests : BlobStoreSpec, IDisposable
{
    private readonly TempDirectory _directory = new();
    private SqliteBlobStore? _store;

    private string StorePath => _directory.File("journal.db");

    public void Dispose()
    {
        _store?.Dispose();
        _directory.Dispose();
    }

    protected override IBlobStore CreateStore() => _store = new SqliteBlobStore(StorePath);

    protected override long CountBlobs() => (long)RawSql.Scalar(StorePath, "SELECT COUNT(*) FROM blobs;")!;

    protected override void OverwriteEveryBlob(byte[] bytes) =>
        RawSql.Execute(StorePath, $"UPDATE blobs SET data = x'{Convert.ToHexString(bytes)}';");

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
