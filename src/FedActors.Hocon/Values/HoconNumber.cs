using System.Globalization;

namespace FedActors.Hocon;

/// <summary>A number, kept as written (spec: "numbers should be kept as they were originally written in the file").</summary>
public sealed class HoconNumber(string text, HoconPosition position) : HoconValue(position)
{
    /// <summary>The number as written, always a valid JSON number.</summary>
    public string Text { get; } = text;

    public override HoconValueType Type => HoconValueType.Number;

    public bool TryGetInt64(out long value) =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        || (double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue && TryExact(d, out value));

    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public override string Describe() => $"the number {Text}";

    public override string ToString() => Text;

    private static bool TryExact(double d, out long value)
    {
        value = (long)d;
        return Math.Abs(d) < 9.007199254740992E15;
    }
}
