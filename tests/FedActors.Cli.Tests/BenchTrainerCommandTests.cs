using System.Text.Json;

namespace FedActors.Cli.Tests;

/// <summary>Smoke test of <c>fedactors bench trainer</c>: what it prints, never how fast anything is.</summary>
[Collection(BenchCollection.Name)]
public sealed class BenchTrainerCommandTests
{
    [Fact]
    public void BenchTrainer_QuickJson_ReportsSamplesPerSecondAndDistanceTimings()
    {
        // Act
        var (exitCode, output, _) = CliRunner.Run("bench", "trainer", "--quick", "--json");

        // Assert
        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var rows = document.RootElement.EnumerateArray()
            .Select(r => (Case: r.GetProperty("case").GetString()!, Metric: r.GetProperty("metric").GetString()!, Value: r.GetProperty("value").GetDouble()))
            .ToList();
        foreach (var model in new[] { "mlp", "cnn-mnist" })
        {
            foreach (var batch in new[] { 10, 64 })
            {
                Assert.Contains(rows, r => r.Case == $"{model}-batch-{batch}" && r.Metric == "samples-per-second" && r.Value > 0);
            }
        }

        Assert.Contains(rows, r => r.Case == "k-10-d-10000" && r.Metric == "libtorch-seconds" && r.Value > 0);
        Assert.Contains(rows, r => r.Case == "k-10-d-10000" && r.Metric == "loop-seconds" && r.Value > 0);
        Assert.Contains(rows, r => r.Case == "k-20-d-10000" && r.Metric == "speedup" && r.Value > 0);
    }
}
