using System.Text.Json;

namespace FedActors.Cli.Tests;

/// <summary>Reads what <c>fedactors bench NAME --json</c> prints.</summary>
internal static class BenchJson
{
    public sealed record Row(string Bench, string Case, string Metric, double Value, string Unit);

    public static IReadOnlyList<Row> Rows(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(r => new Row(
                r.GetProperty("bench").GetString()!,
                r.GetProperty("case").GetString()!,
                r.GetProperty("metric").GetString()!,
                r.GetProperty("value").GetDouble(),
                r.GetProperty("unit").GetString()!))
            .ToList();
    }
}
