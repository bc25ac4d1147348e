using System.Globalization;

namespace FedActors.Cli.Run;

/// <summary>How the run's outputs write numbers for people.</summary>
internal static class Formats
{
    /// <summary>A fraction as a percentage with two decimals, or <paramref name="missing"/> when there is no finite value.</summary>
    public static string Percent(double? fraction, string missing) =>
        fraction is { } v && double.IsFinite(v) ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : missing;
}
