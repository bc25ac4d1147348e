namespace FedActors.Hocon;

/// <summary>A resolved object. Keys keep the order in which they were first defined.</summary>
public sealed class HoconObject : HoconValue
{
    private readonly Dictionary<string, HoconValue> _fields;

    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields, HoconPosition position)
        : base(position)
    {
        var keys = new List<string>();
        _fields = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            if (_fields.TryAdd(key, value))
            {
                keys.Add(key);
            }
            else
            {
                _fields[key] = value;
            }
        }

        Keys = keys;
    }

    public IReadOnlyList<string> Keys { get; }

    public int Count => Keys.Count;

    public HoconValue this[string key] => _fields[key];

    public override HoconValueType Type => HoconValueType.Object;

    public bool TryGetValue(string key, out HoconValue value) => _fields.TryGetValue(key, out value!);

    public override string Describe() => Count == 0 ? "an empty object" : "an object";

    /// <summary>
    /// Merges two objects as duplicate keys merge (spec: "for non-object-valued fields present in both objects, the
    /// field found in the second object must be used"; object-valued fields are merged recursively).
    /// </summary>
    public HoconObject WithFallback(HoconObject fallback)
    {
        var merged = new List<KeyValuePair<string, HoconValue>>();
        foreach (var key in fallback.Keys)
        {
            merged.Add(new(key, fallback[key]));
        }

        foreach (var key in Keys)
        {
            var mine = this[key];
            if (mine is HoconObject mineObject && fallback.TryGetValue(key, out var theirs) && theirs is HoconObject theirObject)
            {
                merged.Add(new(key, mineObject.WithFallback(theirObject)));
            }
            else
            {
                merged.Add(new(key, mine));
            }
        }

        return new HoconObject(merged, Position);
    }
}
