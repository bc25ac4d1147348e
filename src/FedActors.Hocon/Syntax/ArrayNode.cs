namespace FedActors.Hocon;

/// <summary>An array as written; elements resolve when the array is needed.</summary>
internal sealed class ArrayNode(IReadOnlyList<Node> items, HoconPosition position) : Node(position)
{
    public IReadOnlyList<Node> Items { get; } = items;
}
