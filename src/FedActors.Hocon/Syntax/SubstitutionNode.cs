namespace FedActors.Hocon;

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
