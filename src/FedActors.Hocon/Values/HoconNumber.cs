using System.Globalization;

namespace FedActors.Hocon;

/// <summary>A number, kept as written (spec: "numbers should be kept as they were originally written in the file").</summary>
public sealed class HoconNumber(string text, HoconPosition position) : HoconValue(position)
{
    /// <summary>The number as written, always a valid JSON number.</summary>
    public string Text { get; } = text;

    public override HoconValueType Type => HoconValueType.Number;

    /// <summary>The number as a 64-bit integer, when it is a whole number in range (<c>1e3</c> is 1000, <c>1.5</c> is not).</summary>
    public bool TryGetInt64(out long value)
    {
        if (long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // Whole numbers written with a fraction or exponent; decimal keeps them exact.
        if (decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            && exact == decimal.Truncate(exact) && exact >= long.MinValue && exact <= long.MaxValue)
        {
            value = (long)exact;
            return true;
        }

        value = 0;
        return false;
    }

    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public override string Describe() => $"the number {Text}";

    public override string ToString() => Text;
}
