using System.Text;

namespace FedActors.Hocon;

/// <summary>Value concatenation: strings with strings, arrays with arrays, objects with objects.</summary>
internal sealed partial class HoconResolver
{
    private HoconValue? ResolveConcat(HoconPath path, ConcatNode concat, ResolutionView view)
    {
        var values = new List<(Node Piece, HoconValue? Value)>(concat.Pieces.Count);
        foreach (var piece in concat.Pieces)
        {
            var value = piece switch
            {
                WhitespaceNode => null,
                SubstitutionNode substitution => Lookup(substitution, view),
                ObjectNode => ResolveStack(path, new[] { piece }, view),
                _ => ResolveNonObject(path, piece, view),
            };
            values.Add((piece, value));
        }

        var solid = values.Where(v => v.Piece is not WhitespaceNode).ToList();
        if (solid.All(v => v.Value is null))
        {
            // Spec: "foo : ${?bar}${?baz} would also avoid creating the field if both bar and baz are undefined".
            return null;
        }

        var firstComposite = solid.FirstOrDefault(v => v.Value is HoconArray or HoconObject);
        if (firstComposite.Value is null)
        {
            var text = new StringBuilder();
            foreach (var (piece, value) in values)
            {
                text.Append(piece is WhitespaceNode ws ? ws.Text : value is null ? string.Empty : AsConcatString(value));
            }

            return new HoconString(text.ToString(), concat.Position);
        }

        // Spec: "Arrays can be concatenated with arrays, and objects with objects, but it is an error if they are
        // mixed", except that "the conversion should be done in a concatenation when a list is expected and an
        // object with numeric keys is found".
        var wantArray = solid.Any(v => v.Value is HoconArray);
        var items = new List<HoconValue>();
        HoconObject? merged = null;
        foreach (var (piece, value) in solid)
        {
            if (value is null)
            {
                continue;
            }

            if (wantArray && (value as HoconArray ?? NumericallyIndexed.ToArray(value)) is { } array)
            {
                items.AddRange(array.Items);
            }
            else if (!wantArray && value is HoconObject obj)
            {
                merged = merged is null ? obj : obj.WithFallback(merged);
            }
            else if (concat.IsAppend)
            {
                throw new HoconException(concat.Position,
                    $"'+=' appends to an array, but '{path}' is {value.Describe()}");
            }
            else
            {
                var other = wantArray ? "an array" : "an object";
                throw new HoconException(piece.Position,
                    $"cannot concatenate {value.Describe()} with {other}: only strings with strings, arrays with arrays and objects with objects");
            }
        }

        return wantArray ? new HoconArray(items, concat.Position) : merged!;
    }

    /// <summary>Spec: numbers "should be rendered as it was written in the file"; <c>true</c>, <c>false</c> and <c>null</c> become their names.</summary>
    private static string AsConcatString(HoconValue value) => value switch
    {
        HoconString s => s.Value,
        HoconNumber n => n.Text,
        HoconBoolean b => b.ToString(),
        HoconNull => "null",
        _ => throw new InvalidOperationException("composite values are handled by the caller"),
    };
}
