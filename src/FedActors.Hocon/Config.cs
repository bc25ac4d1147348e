using System.Globalization;

namespace FedActors.Hocon;

/// <summary>
/// A configuration: parsed HOCON that may be combined with fallbacks and then resolved, after which typed getters
/// read values by path. Errors from the getters name the path and where the offending value was written.
/// </summary>
/// <example>
/// <code>
/// var config = ConfigurationFactory.ParseFile("experiment.conf").WithFallback(reference).Resolve();
/// var rounds = config.GetInt("fedactors.run.rounds");
/// </code>
/// </example>
public sealed class Config
{
    private readonly IReadOnlyList<Node> _layers;
    private readonly HoconObject? _root;
    private readonly HoconPath _path;

    internal Config(IReadOnlyList<Node> layers, string origin)
    {
        _layers = layers;
        _path = HoconPath.Root;
        Origin = origin;
    }

    private Config(HoconObject root, HoconPath path, string origin)
    {
        _root = root;
        _layers = new Node[] { new ResolvedNode(root) };
        _path = path;
        Origin = origin;
    }

    /// <summary>An empty, resolved configuration.</summary>
    public static Config Empty { get; } = new(new HoconObject(Array.Empty<KeyValuePair<string, HoconValue>>(), HoconPosition.OfOrigin("empty")), HoconPath.Root, "empty");

    /// <summary>Where the configuration came from (the first file or string), for messages about missing settings.</summary>
    public string Origin { get; }

    public bool IsResolved => _root is not null;

    /// <summary>The resolved root object.</summary>
    public HoconObject Root => _root ?? throw new InvalidOperationException("The configuration has not been resolved: call Resolve() first.");

    /// <summary>
    /// Layers <paramref name="fallback"/> below this configuration; spec: "it should work as if the two objects were
    /// duplicate values for the same key in the same file". Substitutions see the combined configuration once
    /// <see cref="Resolve"/> is called.
    /// </summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new Config(_layers.Concat(fallback._layers).ToList(), Origin);
    }

    /// <summary>Resolves substitutions, merges and concatenations. Unresolved substitutions fall back to <paramref name="environment"/> (the process environment by default).</summary>
    public Config Resolve(Func<string, string?>? environment = null)
    {
        if (_root is not null)
        {
            return this;
        }

        var resolver = new HoconResolver(_layers, environment ?? Environment.GetEnvironmentVariable);
        return new Config(resolver.ResolveRoot(HoconPosition.OfOrigin(Origin)), HoconPath.Root, Origin);
    }

    /// <summary>True when the path leads to a value other than null (as in Lightbend's <c>hasPath</c>).</summary>
    public bool HasPath(string path) => TryGetValue(path, out var value) && value is not HoconNull;

    public bool TryGetValue(string path, out HoconValue value)
    {
        value = Root;
        foreach (var key in HoconPath.Parse(path).Elements)
        {
            if (value is not HoconObject obj || !obj.TryGetValue(key, out value!))
            {
                value = null!;
                return false;
            }
        }

        return true;
    }

    public HoconValue GetValue(string path)
    {
        if (!TryGetValue(path, out var value))
        {
            throw new HoconException(HoconPosition.OfOrigin(Origin), $"{FullPath(path)} is not set");
        }

        return value;
    }

    public string GetString(string path)
    {
        var value = GetValue(path);
        return value switch
        {
            HoconString s => s.Value,
            HoconNumber n => n.Text,
            HoconBoolean b => b.ToString(),
            _ => throw WrongType(path, value, "a string"),
        };
    }

    public long GetLong(string path)
    {
        var value = GetValue(path);
        if (AsNumber(value) is { } number && number.TryGetInt64(out var result))
        {
            return result;
        }

        throw WrongType(path, value, "a whole number");
    }

    public int GetInt(string path)
    {
        var value = GetValue(path);
        var result = GetLong(path);
        if (result is < int.MinValue or > int.MaxValue)
        {
            throw WrongType(path, value, $"a whole number between {int.MinValue} and {int.MaxValue}");
        }

        return (int)result;
    }

    public double GetDouble(string path)
    {
        var value = GetValue(path);
        return AsNumber(value)?.ToDouble() ?? throw WrongType(path, value, "a number");
    }

    /// <summary>Spec: "the strings true, yes, on, false, no, off should be converted to boolean values".</summary>
    public bool GetBool(string path)
    {
        var value = GetValue(path);
        return HoconConversions.AsBoolean(value) ?? throw WrongType(path, value, HoconConversions.BooleanForms);
    }

    /// <summary>A duration: a number of milliseconds, or a string such as <c>30s</c> or <c>1.5 h</c>.</summary>
    public TimeSpan GetDuration(string path)
    {
        var value = GetValue(path);
        if (HoconConversions.TryAsDuration(value, out var duration, out var error))
        {
            return duration;
        }

        throw error is null ? WrongType(path, value, HoconConversions.DurationForms) : new HoconException(value.Position, $"{FullPath(path)}: {error}");
    }

    /// <summary>A size in bytes: a number of bytes, or a string such as <c>512K</c> or <c>10 MB</c>.</summary>
    public long GetBytes(string path)
    {
        var value = GetValue(path);
        var text = value switch
        {
            HoconNumber n => n.Text,
            HoconString s => s.Value,
            _ => throw WrongType(path, value, "a size such as 512K or 10MB"),
        };
        if (!HoconUnits.TryParseBytes(text, out var bytes, out var error))
        {
            throw new HoconException(value.Position, $"{FullPath(path)}: {error}");
        }

        return bytes;
    }

    /// <summary>A list; an object with numeric keys converts to a list ordered by key (spec: "Conversion of numerically-indexed objects to arrays").</summary>
    public IReadOnlyList<HoconValue> GetList(string path)
    {
        var value = GetValue(path);
        if (value is HoconArray array)
        {
            return array.Items;
        }

        if (NumericallyIndexed.ToArray(value) is { } converted)
        {
            return converted.Items;
        }

        throw WrongType(path, value, "a list");
    }

    public IReadOnlyList<string> GetStringList(string path)
    {
        var list = GetList(path);
        return list.Select(item => item switch
        {
            HoconString s => s.Value,
            HoconNumber n => n.Text,
            HoconBoolean b => b.ToString(),
            _ => throw new HoconException(item.Position, $"{FullPath(path)} must be a list of strings, but has {item.Describe()}"),
        }).ToList();
    }

    /// <summary>The object at <paramref name="path"/> as a configuration of its own; its errors still name full paths.</summary>
    public Config GetConfig(string path)
    {
        var value = GetValue(path);
        return value is HoconObject obj
            ? new Config(obj, _path.Append(HoconPath.Parse(path)), Origin)
            : throw WrongType(path, value, "an object");
    }

    /// <summary>The resolved configuration as JSON (keys in ordinal order).</summary>
    public string ToJson(bool indented = true) => HoconJsonWriter.ToJson(Root, indented);

    private static HoconNumber? AsNumber(HoconValue value) => value switch
    {
        HoconNumber n => n,
        // Spec: "string to number: parse the number with the JSON rules".
        HoconString s when TryParseJsonNumber(s.Value.Trim()) => new HoconNumber(s.Value.Trim(), s.Position),
        _ => null,
    };

    private static bool TryParseJsonNumber(string text)
    {
        var tokens = new HoconTokenizer(text, "value").ReadAllSafely();
        return tokens is [{ Kind: TokenKind.Number } only, { Kind: TokenKind.End }] && only.Text.Length == text.Length;
    }

    private string FullPath(string path) => _path.IsRoot ? path : $"{_path}.{path}";

    private HoconException WrongType(string path, HoconValue value, string expected) =>
        new(value.Position, $"{FullPath(path)} must be {expected}, but is {value.Describe()}");
}
