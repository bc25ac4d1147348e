namespace FedActors.Torch.Tests;

public sealed class VectorPoolTests
{
    [Fact]
    public void Release_ThenRent_ReusesTheSameArray()
    {
        var pool = new VectorPool(1 << 20);
        var first = pool.Rent(1000);

        Assert.True(VectorPool.IsRented(first));
        Assert.True(VectorPool.Release(first));
        Assert.False(VectorPool.IsRented(first));
        var second = pool.Rent(1000);

        Assert.Same(first, second);
        Assert.Equal((1L, 1L), (pool.Allocated, pool.Reused));
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Rent_AllocatesOnThePinnedHeap_SoTheCollectorNeverMovesAPooledArray()
    {
        // A fresh ordinary array of this size starts in generation 0 and is copied as it survives collections (one
        // may come from another test between the two lines); a pooled one lives for the whole run and is allocated
        // pinned, which the collector reports as its oldest generation from the start.
        var pool = new VectorPool(1 << 20);
        var array = pool.Rent(1000);
        var ordinary = new float[1000];

        Assert.True(GC.GetGeneration(ordinary) < GC.MaxGeneration, $"generation {GC.GetGeneration(ordinary)}");
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(array));
    }

    [Fact]
    public void Rent_GivesExactLengths_AndNeverHandsAFreeArrayOfAnotherLength()
    {
        var pool = new VectorPool(1 << 20);
        VectorPool.Release(pool.Rent(10));

        var other = pool.Rent(11);

        Assert.Equal(11, other.Length);
        Assert.Equal(2, pool.Allocated);
        Assert.Equal(10 * sizeof(float), pool.RetainedBytes);
    }

    [Fact]
    public void Release_Twice_OrOfAForeignArray_IsIgnored()
    {
        // A second release must not put the array in the pool twice: two renters would then share it.
        var pool = new VectorPool(1 << 20);
        var array = pool.Rent(8);

        Assert.True(VectorPool.Release(array));
        Assert.False(VectorPool.Release(array));
        Assert.False(VectorPool.Release(new float[8]));
        var a = pool.Rent(8);
        var b = pool.Rent(8);

        Assert.NotSame(a, b);
        Assert.False(VectorPool.IsRented(new float[8]));
    }

    [Fact]
    public void Release_BeyondTheRetentionLimit_LeavesTheArrayToTheCollector()
    {
        var pool = new VectorPool(maxRetainedBytes: 100 * sizeof(float));
        var arrays = Enumerable.Range(0, 3).Select(_ => pool.Rent(60)).ToList();

        foreach (var array in arrays)
        {
            Assert.True(VectorPool.Release(array));
        }

        Assert.Equal(60 * sizeof(float), pool.RetainedBytes);
        pool.Rent(60);
        pool.Rent(60);
        Assert.Equal(4, pool.Allocated);
    }

    [Fact]
    public async Task ConcurrentRentsAndReleases_NeverHandOneArrayToTwoRenters()
    {
        var pool = new VectorPool(1 << 24);
        var owners = new System.Collections.Concurrent.ConcurrentDictionary<float[], int>(ReferenceEqualityComparer.Instance);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var array = pool.Rent(64);
                Assert.True(owners.TryAdd(array, worker), "an array was rented twice at once");
                Assert.True(owners.TryRemove(array, out _));
                Assert.True(VectorPool.Release(array));
            }
        })));

        Assert.Equal(8_000, pool.Allocated + pool.Reused);
        Assert.InRange(pool.Allocated, 1, 4);
    }
}
