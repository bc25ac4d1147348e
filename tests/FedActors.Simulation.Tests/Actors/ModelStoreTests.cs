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
}
