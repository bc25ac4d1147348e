namespace FedActors.Persistence.Tests;

public sealed record RoundStarted(int Round, string Note);

public sealed record ModelStored(string Sha256, IReadOnlyList<double> Metrics);

public sealed record CounterState(int Count);

/// <summary>A payload System.Text.Json cannot write: its one property throws.</summary>
public sealed class Unserializable
{
    public int Value => throw new InvalidOperationException("not serializable");
}
