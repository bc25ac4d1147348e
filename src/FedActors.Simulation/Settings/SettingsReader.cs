using System.Globalization;
using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// Typed reads of full <c>fedactors.*</c> paths that check a constraint and, when it is violated, throw a
/// <see cref="HoconException"/> at the offending value's position naming the path, the constraint and the value.
/// </summary>
internal static class SettingsReader
{
    public static HoconException Violation(HoconValue value, string path, string constraint) =>
        new(value.Position, $"{path} {constraint}, but is {Show(value)}");

    public static HoconException Violation(Config config, string path, string constraint) =>
        Violation(config.GetValue(path), path, constraint);

    public static int IntAtLeast(Config config, string path, int min)
    {
        var value = config.GetInt(path);
        return value >= min ? value : throw Violation(config, path, $"must be ≥ {min}");
    }

    public static int IntBetween(Config config, string path, int min, int max, string? maxName = null)
    {
        var value = config.GetInt(path);
        if (value < min)
        {
            throw Violation(config, path, $"must be ≥ {min}");
        }

        return value <= max ? value : throw Violation(config, path, $"must be ≤ {Bound(max, maxName)}");
    }

    /// <summary>A finite number strictly above <paramref name="min"/>, and at or below <paramref name="max"/> when given.</summary>
    public static double DoubleAbove(Config config, string path, double min, double? max = null)
    {
        var value = config.GetDouble(path);
        if (!(value > min) || !double.IsFinite(value))
        {
            throw Violation(config, path, max is { } upper ? $"must be in ({Format(min)}, {Format(upper)}]" : $"must be finite and > {Format(min)}");
        }

        return max is { } limit && value > limit ? throw Violation(config, path, $"must be in ({Format(min)}, {Format(limit)}]") : value;
    }

    /// <summary>A finite number at or above <paramref name="min"/>, and strictly below <paramref name="maxExclusive"/> when given.</summary>
    public static double DoubleAtLeast(Config config, string path, double min, double? maxExclusive = null)
    {
        var value = config.GetDouble(path);
        var ok = value >= min && double.IsFinite(value) && (maxExclusive is not { } max || value < max);
        return ok
            ? value
            : throw Violation(config, path, maxExclusive is { } upper ? $"must be in [{Format(min)}, {Format(upper)})" : $"must be finite and ≥ {Format(min)}");
    }

    public static string NonEmptyString(Config config, string path)
    {
        var value = config.GetString(path);
        return value.Trim().Length > 0 ? value : throw Violation(config, path, "must not be empty");
    }

    /// <summary>One of <paramref name="known"/>; anything else is an error that lists them.</summary>
    public static string OneOf(Config config, string path, IReadOnlyList<string> known)
    {
        var value = config.GetString(path);
        return known.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new HoconException(config.GetValue(path).Position, $"{path} = '{value}' is unknown; use one of {string.Join(", ", known)}");
    }

    /// <summary>A list of whole numbers, each at least <paramref name="min"/> (and below <paramref name="maxExclusive"/> when given).</summary>
    public static IReadOnlyList<int> IntList(Config config, string path, int min, int? maxExclusive = null, string? maxName = null)
    {
        var items = config.GetList(path);
        var result = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var element = $"{path}[{i}]";
            if (item is not HoconNumber number || !number.TryGetInt64(out var whole) || whole is < int.MinValue or > int.MaxValue)
            {
                throw Violation(item, element, "must be a whole number");
            }

            if (whole < min)
            {
                throw Violation(item, element, $"must be ≥ {min}");
            }

            if (maxExclusive is { } max && whole >= max)
            {
                throw Violation(item, element, $"must be < {Bound(max, maxName)}");
            }

            result[i] = (int)whole;
        }

        return result;
    }

    public static string Show(HoconValue value) => value switch
    {
        HoconNumber n => n.Text,
        HoconString s => $"'{s.Value}'",
        HoconBoolean b => b.Value ? "true" : "false",
        _ => value.Describe(),
    };

    private static string Bound(int value, string? name) => name is null ? value.ToString(CultureInfo.InvariantCulture) : $"{name} ({value})";

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
