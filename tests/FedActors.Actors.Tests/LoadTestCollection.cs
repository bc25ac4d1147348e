namespace FedActors.Actors.Tests;

/// <summary>
/// Tests that load the whole thread pool (many actors, many sender threads) run in this collection, alone: run beside
/// the other tests they would only slow those down towards their timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTestCollection
{
    public const string Name = "load tests";
}
