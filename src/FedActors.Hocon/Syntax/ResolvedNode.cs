namespace FedActors.Hocon;

/// <summary>An already resolved value used as a layer, e.g. a resolved config given to <c>WithFallback</c>.</summary>
internal sealed class ResolvedNode(HoconValue value) : Node(value.Position)
{
    public HoconValue Value { get; } = value;
}
