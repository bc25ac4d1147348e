namespace FedActors.Hocon;

/// <summary>Values written next to each other on one line (<c>foo bar</c>, <c>${a} [1]</c>, <c>{x:1} {y:2}</c>).</summary>
internal sealed class ConcatNode(IReadOnlyList<Node> pieces, HoconPosition position) : Node(position)
{
    public IReadOnlyList<Node> Pieces { get; } = pieces;
}
