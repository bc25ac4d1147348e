using System.Globalization;

namespace FedActors.Hocon;

/// <summary>
/// Spec, "Conversion of numerically-indexed objects to arrays": <c>{ "0" : "a", "1" : "b" }</c> may be treated as
/// <c>[ "a", "b" ]</c>; keys that are not non-negative integers are ignored, the rest sorted by value.
/// </summary>
internal static class NumericallyIndexed
{
    /// <summary>The array an object with integer keys stands for, or null when <paramref name="value"/> is not such an object.</summary>
    public static HoconArray? ToArray(HoconValue value)
    {
        if (value is not HoconObject obj)
        {
            return null;
        }

        var items = obj.Keys
            .Select(k => (Key: k, Ok: int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var i), Index: i))
            .Where(k => k.Ok)
            .OrderBy(k => k.Index)
            .Select(k => obj[k.Key])
            .ToList();
        return items.Count == 0 ? null : new HoconArray(items, obj.Position);
    }
}
