namespace FedActors.Persistence.Tests;

/// <summary><see cref="BlobStoreSpec"/> on <see cref="PostgresBlobStore"/>, in a schema of its own on the test server.</summary>
public sealed class PostgresBlobStoreTests : BlobStoreSpec, IDisposable
{
    private readonly PostgresSchema _schema = new();
    private PostgresBlobStore? _store;

    public void Dispose()
    {
        _store?.Dispose();
        _schema.Dispose();
    }

    protected override IBlobStore CreateStore() => _store = new PostgresBlobStore(_schema.ConnectionString, _schema.Name);

    protected override long CountBlobs() => (long)_schema.Scalar("SELECT COUNT(*) FROM blobs;")!;

    protected override void OverwriteEveryBlob(byte[] bytes) =>
        _schema.Execute($"UPDATE blobs SET data = '\\x{Convert.ToHexString(bytes)}'::bytea;");

    [Fact]
    public void Put_ModelSizedBlob_ComesBackWhole()
    {
        // Arrange: 400 KB, the size of a small model's parameters.
        var bytes = new byte[400_000];
        new Random(3).NextBytes(bytes);

        // Act
        var key = Store.Put(bytes);
        using var reopened = new PostgresBlobStore(_schema.ConnectionString, _schema.Name);

        // Assert
        Assert.Equal(bytes, reopened.Get(key));
    }
}
