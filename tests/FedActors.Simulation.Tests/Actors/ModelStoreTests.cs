using FedActors.Torch;
namespace FedActors.Simulation.Tests.Actors;

public sealed class ModelStoreTests
{
    [Fact]
    public void Put_State_ReturnsItsSha256AndGetReturnsIt()
    {
        var store = new ModelStore();
        float[] state = [1f, -2.5f, 3f];

        var hash = store.Put(state);

        Assert.Equal(ModelHash.Sha256(state), hash);
        Assert.Equal(state, store.Get(hash));
    }

    [Fact]
    public void Put_SameContentTwice_GivesTheSameHash()
    {
        var store = new ModelStore();

        Assert.Equal(store.Put([1f, 2f]), store.Put([1f, 2f]));
    }

    [Fact]
    public void Get_UnknownHash_ThrowsKeyNotFoundNamingTheHash()
    {
        var store = new ModelStore();

        var error = Assert.Throws<KeyNotFoundException>(() => store.Get("abc123"));

        Assert.Contains("abc123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DurableStore_KeepsOnlyTheRecentModelsInMemory_AndReadsOlderOnesBack()
    {
        // Arrange: 30 rounds' worth of models through a store with a blob store.
        var store = new ModelStore(new FedActors.Persistence.InMemoryBlobStore());
        var models = Enumerable.Range(0, 30).Select(i => new[] { i, i * 0.5f, -i }).ToList();

        // Act
        var hashes = models.Select(store.Put).ToList();

        // Assert: memory holds the last few; every model still comes back, equal.
        Assert.Equal(ModelStore.CachedModels, store.InMemoryCount);
        for (var i = 0; i < models.Count; i++)
        {
            Assert.Equal(models[i], store.Get(hashes[i]));
        }

        Assert.Equal(ModelStore.CachedModels, store.InMemoryCount);
    }

    [Fact]
    public void StoreWithoutBlobs_KeepsEveryModel()
    {
        var store = new ModelStore();

        var hashes = Enumerable.Range(0, 20).Select(i => store.Put([i])).ToList();

        Assert.Equal(20, store.InMemoryCount);
        Assert.All(hashes, h => Assert.True(store.Contains(h)));
    }

    [Fact]
    public void PinnedModels_StayInMemoryPastTheCacheUntilUnpinned()
    {
        // Arrange: a stage's 11 models for one round, then more rounds' models.
        var store = new ModelStore(new FedActors.Persistence.InMemoryBlobStore());
        var pinned = Enumerable.Range(0, ModelStore.CachedModels + 3).Select(i => new[] { i, -1f }).ToList();
        var hashes = pinned.Select(store.PutPinned).ToList();

        // Act
        for (var i = 0; i < 20; i++)
        {
            store.Put([i, 1f]);
        }

        // Assert: every pinned model is the very array stored (not a copy read back); unpinned, it is read back.
        Assert.All(hashes.Zip(pinned), p => Assert.Same(p.Second, store.Get(p.First)));
        store.Unpin(hashes);
        Assert.NotSame(pinned[0], store.Get(hashes[0]));
        Assert.Equal(pinned[0], store.Get(hashes[0]));
    }
}
