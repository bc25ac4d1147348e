using System.Threading;

namespace FedActors.Hocon;

/// <summary>
/// A parsed but unresolved value. Nodes are immutable once the parser is done with them; each has an id, because
/// the resolver memoizes and detects cycles per node instance (spec: "Memoization should be keyed by the
/// substitution instance").
/// </summary>
internal abstract class Node
{
    private static int s_nextId;

    protected Node(HoconPosition position)
    {
        Position = position;
        Id = Interlocked.Increment(ref s_nextId);
    }

    public HoconPosition Position { get; }

    public int Id { get; }
}

/// <summary>A string, number, boolean or null written in the file.</summary>
internal sealed class LiteralNode(HoconValue value) : Node(value.Position)
{
    public HoconValue Value { get; } = value;
}

/// <summary>Whitespace between two simple values of a concatenation; kept only in string concatenations.</summary>
internal sealed class WhitespaceNode(string text, HoconPosition position) : Node(position)
{
    public string Text { get; } = text;
}

/// <summary>An already resolved value used as a layer, e.g. a resolved config given to <c>WithFallback</c>.</summary>
internal sealed class ResolvedNode(HoconValue value) : Node(value.Position)
{
    public HoconValue Value { get; } = value;
}

internal sealed class ArrayNode(IReadOnlyList<Node> items, HoconPosition position) : Node(position)
{
    public IReadOnlyList<Node> Items { get; } = items;
}

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. <see cref="IncludePrefix"/> is the path where the file holding it was
/// included: spec: "Substitutions in included files are looked up at two different paths; first, relative to the
/// root of the included file; second, relative to the root of the including configuration".
/// </summary>
internal sealed class SubstitutionNode(HoconPath path, bool optional, HoconPath? includePrefix, HoconPosition position)
    : Node(position)
{
    public HoconPath Path { get; } = path;

    public bool Optional { get; } = optional;

    public HoconPath? IncludePrefix { get; } = includePrefix;

    public override string ToString() => Optional ? $"${{?{Path}}}" : $"${{{Path}}}";
}

/// <summary>Values written next to each other on one line (<c>foo bar</c>, <c>${a} [1]</c>, <c>{x:1} {y:2}</c>).</summary>
internal sealed class ConcatNode(IReadOnlyList<Node> pieces, HoconPosition position) : Node(position)
{
    public IReadOnlyList<Node> Pieces { get; } = pieces;
}
