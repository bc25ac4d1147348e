namespace FedActors.Hocon;

/// <summary>Values written next to each other on one line (<c>foo bar</c>, <c>${a} [1]</c>, <c>{x:1} {y:2}</c>).</summary>
internal sealed class ConcatNode(IReadOnlyList<Node> pieces, HoconPosition position, bool isAppend = false) : Node(position)
{
    public IReadOnlyList<Node> Pieces { get; } = pieces;

    /// <summary>True for the <c>${?a} [b]</c> that <c>a += b</c> stands for; errors then point at the <c>+=</c>.</summary>
    public bool IsAppend { get; } = isAppend;
}
