namespace FedActors.Hocon;

/// <summary>Where a token or value came from: the origin (usually a file path), a 1-based line and a 1-based column.</summary>
public readonly record struct HoconPosition(string Origin, int Line, int Column)
{
    /// <summary>Renders the position as <c>origin:line:column</c>, the prefix of every HOCON error message.</summary>
    public override string ToString() => Line > 0 ? $"{Origin}:{Line}:{Column}" : Origin;

    /// <summary>A position that names only an origin, for values that were not written in any file.</summary>
    public static HoconPosition OfOrigin(string origin) => new(origin, 0, 0);
}
