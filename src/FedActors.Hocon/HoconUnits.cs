using System.Globalization;

namespace FedActors.Hocon;

/// <summary>
/// The spec's "units format": optional whitespace, a number, optional whitespace, an optional unit made of letters,
/// optional whitespace. Durations default to milliseconds and use lowercase units only; sizes default to bytes.
/// </summary>
public static class HoconUnits
{
    private static readonly Dictionary<string, decimal> DurationTicks = BuildDurations();
    private static readonly Dictionary<string, decimal> SizeBytes = BuildSizes();

    /// <summary>All duration unit names, for error messages.</summary>
    public static string DurationUnitNames => "ns, us, ms, s, m, h, d (or nanos, micros, millis, seconds, minutes, hours, days)";

    public static bool TryParseDuration(string text, out TimeSpan duration, out string error)
    {
        duration = default;
        if (!TrySplit(text, out var number, out var unit, out error))
        {
            return false;
        }

        if (unit.Length == 0)
        {
            unit = "ms";
        }

        if (!DurationTicks.TryGetValue(unit, out var ticksPerUnit))
        {
            error = $"'{unit}' is not a duration unit; use {DurationUnitNames}";
            return false;
        }

        try
        {
            duration = TimeSpan.FromTicks((long)decimal.Round(number * ticksPerUnit));
            return true;
        }
        catch (OverflowException)
        {
            error = "the duration is too long";
            return false;
        }
    }

    public static bool TryParseBytes(string text, out long bytes, out string error)
    {
        bytes = 0;
        if (!TrySplit(text, out var number, out var unit, out error))
        {
            return false;
        }

        if (unit.Length == 0)
        {
            unit = "B";
        }

        if (!SizeBytes.TryGetValue(unit, out var perUnit))
        {
            error = $"'{unit}' is not a size unit; use B, kB, MB, GB, TB (powers of ten) or K, M, G, T, KiB, MiB, GiB, TiB (powers of two)";
            return false;
        }

        try
        {
            var total = decimal.Truncate(number * perUnit);
            if (total > long.MaxValue || total < long.MinValue)
            {
                throw new OverflowException();
            }

            bytes = (long)total;
            return true;
        }
        catch (OverflowException)
        {
            error = "the size does not fit in a 64-bit byte count";
            return false;
        }
    }

    private static bool TrySplit(string text, out decimal number, out string unit, out string error)
    {
        number = 0;
        unit = string.Empty;
        error = string.Empty;
        var s = text.Trim();
        var split = s.Length;
        while (split > 0 && char.IsLetter(s[split - 1]))
        {
            split--;
        }

        unit = s[split..];
        var numberText = s[..split].TrimEnd();
        if (numberText.Length == 0
            || !decimal.TryParse(numberText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out number))
        {
            error = $"'{text}' is not a number followed by an optional unit";
            return false;
        }

        return true;
    }

    private static Dictionary<string, decimal> BuildDurations()
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                map[name] = ticks;
            }
        }

        // Spec, "Duration format": these exact, lowercase strings.
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return map;
    }

    private static Dictionary<string, decimal> BuildSizes()
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = { "kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta" };
        string[] binaryNames = { "kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi" };
        const string letters = "KMGTPEZY";
        decimal power10 = 1, power2 = 1;
        for (var i = 0; i < letters.Length; i++)
        {
            power10 *= 1000;
            power2 *= 1024;
            var upper = letters[i].ToString();
            var symbol10 = (i == 0 ? "k" : upper) + "B";
            map[symbol10] = power10;
            map[decimalNames[i] + "byte"] = power10;
            map[decimalNames[i] + "bytes"] = power10;
            foreach (var name in new[] { upper, upper.ToLowerInvariant(), upper + "i", upper + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                map[name] = power2;
            }
        }

        return map;
    }
}
