namespace FedActors.Hocon;

/// <summary>Whitespace between two simple values of a concatenation; kept only in string concatenations.</summary>
internal sealed class WhitespaceNode(string text, HoconPosition position) : Node(position)
{
    public string Text { get; } = text;
}
