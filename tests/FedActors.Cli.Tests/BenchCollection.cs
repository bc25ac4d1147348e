namespace FedActors.Cli.Tests;

/// <summary>Tests that must not run beside others: the actor benchmark's memory case reads the whole process's heap.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchCollection
{
    public const string Name = "bench";
}
