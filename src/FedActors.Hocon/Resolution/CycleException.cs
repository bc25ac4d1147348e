namespace FedActors.Hocon;

/// <summary>A cycle found while resolving; optional substitutions treat it as a missing value.</summary>
internal sealed class CycleException(HoconPosition position, string reason) : Exception(reason)
{
    public HoconPosition Position { get; } = position;

    public string Reason { get; } = reason;
}
