namespace FedActors.Hocon;

/// <summary>Which definitions are cut away from the lookup document while a self-referential field resolves.</summary>
internal sealed class ResolutionView
{
    public static readonly ResolutionView Empty = new(new Dictionary<string, Node>(StringComparer.Ordinal));

    private readonly Dictionary<string, Node> _cuts;

    private ResolutionView(Dictionary<string, Node> cuts)
    {
        _cuts = cuts;
        Key = string.Join(';', cuts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value.Id}"));
    }

    public string Key { get; }

    public ResolutionView Restrict(HoconPath path, Node layer) =>
        new(new Dictionary<string, Node>(_cuts, StringComparer.Ordinal) { [path.Key] = layer });

    public IReadOnlyList<Node> Filter(HoconPath path, IReadOnlyList<Node> layers, out bool cut)
    {
        cut = false;
        if (!_cuts.TryGetValue(path.Key, out var at))
        {
            return layers;
        }

        for (var i = 0; i < layers.Count; i++)
        {
            if (ReferenceEquals(layers[i], at))
            {
                cut = true;
                return layers.Skip(i + 1).ToList();
            }
        }

        return layers;
    }
}
