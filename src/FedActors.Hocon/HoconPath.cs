using System.Collections.Immutable;
using System.Text;

namespace FedActors.Hocon;

/// <summary>A path through the object graph, such as <c>fedactors.run.seed</c> or <c>a."b.c"</c>, as a list of keys.</summary>
public sealed class HoconPath : IEquatable<HoconPath>
{
    private readonly ImmutableArray<string> _elements;

    public HoconPath(IEnumerable<string> elements)
    {
        _elements = elements.ToImmutableArray();
    }

    public static HoconPath Root { get; } = new(Array.Empty<string>());

    public IReadOnlyList<string> Elements => _elements;

    public int Count => _elements.Length;

    public bool IsRoot => _elements.Length == 0;

    /// <summary>Parses a path expression (the syntax of keys and substitutions). Throws <see cref="ArgumentException"/> when it is malformed.</summary>
    public static HoconPath Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            var tokens = new HoconTokenizer(expression, "path").ReadPathExpression();
            return PathBuilder.FromTokens(tokens, new HoconPosition("path", 1, 1));
        }
        catch (HoconException e)
        {
            throw new ArgumentException($"'{expression}' is not a valid HOCON path: {e.Reason}", nameof(expression), e);
        }
    }

    public HoconPath Append(string key) => new(_elements.Add(key));

    public HoconPath Append(HoconPath other) => new(_elements.AddRange(other._elements));

    public HoconPath Take(int count) => new(_elements.Take(count));

    /// <summary>A key usable in dictionaries: elements joined by a separator that cannot be confused with text.</summary>
    internal string Key => string.Join('\u001F', _elements);

    /// <summary>Renders the path as a path expression, quoting keys that need it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _elements.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            sb.Append(NeedsQuotes(_elements[i]) ? Quote(_elements[i]) : _elements[i]);
        }

        return sb.ToString();
    }

    public bool Equals(HoconPath? other) => other is not null && _elements.SequenceEqual(other._elements, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as HoconPath);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    private static bool NeedsQuotes(string key) =>
        key.Length == 0
        || key == "include"
        || key[0] is '-' or (>= '0' and <= '9')
        || key.StartsWith("true", StringComparison.Ordinal) || key.StartsWith("false", StringComparison.Ordinal)
        || key.StartsWith("null", StringComparison.Ordinal)
        || key.Contains("//", StringComparison.Ordinal)
        || key.Any(c => c == '.' || HoconTokenizer.IsForbiddenInUnquoted(c));

    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
