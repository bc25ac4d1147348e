namespace FedActors.Hocon;

/// <summary>
/// The spec's conversions of a single value to a boolean or a duration, shared by <see cref="Config"/>'s getters and by
/// readers that walk an object themselves (such as the stages of a defense pipeline, which are list elements).
/// </summary>
public static class HoconConversions
{
    /// <summary>The forms a boolean may take, for error messages.</summary>
    public const string BooleanForms = "a boolean (true/false, yes/no, on/off)";

    /// <summary>The forms a duration may take, for error messages.</summary>
    public static string DurationForms => $"a duration such as 30s (units: {HoconUnits.DurationUnitNames})";

    /// <summary>
    /// Spec: "the strings true, yes, on, false, no, off should be converted to boolean values"; null for any other value.
    /// </summary>
    public static bool? AsBoolean(HoconValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            HoconBoolean b => b.Value,
            HoconString { Value: "true" or "yes" or "on" } => true,
            HoconString { Value: "false" or "no" or "off" } => false,
            _ => null,
        };
    }

    /// <summary>
    /// A duration: a number of milliseconds, or a string such as <c>30s</c> or <c>1.5 h</c>. False when it is not one:
    /// <paramref name="error"/> is then null for a value that is neither a number nor a string, or says what is wrong
    /// with the text.
    /// </summary>
    public static bool TryAsDuration(HoconValue value, out TimeSpan duration, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value switch
        {
            HoconNumber n => n.Text,
            HoconString s => s.Value,
            _ => null,
        };
        if (text is null)
        {
            duration = default;
            error = null;
            return false;
        }

        var parsed = HoconUnits.TryParseDuration(text, out duration, out var problem);
        error = parsed ? null : problem;
        return parsed;
    }
}
