namespace FedActors.Hocon;

/// <summary>
/// An object as written. Every definition of a key is kept, oldest first, instead of being merged while parsing:
/// merging needs resolved values (a substitution may turn out to be an object or not), so it happens in the
/// resolver, which also needs the older definitions to resolve self-references (<c>path = ${path} [x]</c>).
/// </summary>
internal sealed class ObjectNode(HoconPosition position) : Node(position)
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, List<Node>> _definitions = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Keys => _order;

    /// <summary>The definitions of <paramref name="key"/>, oldest first; empty when the key is absent.</summary>
    public IReadOnlyList<Node> DefinitionsOf(string key) =>
        _definitions.TryGetValue(key, out var list) ? list : Array.Empty<Node>();

    public void Add(string key, Node value)
    {
        if (!_definitions.TryGetValue(key, out var list))
        {
            list = new List<Node>();
            _definitions.Add(key, list);
            _order.Add(key);
        }

        list.Add(value);
    }
}
