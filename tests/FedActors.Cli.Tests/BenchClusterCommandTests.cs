using System.Text.Json;

namespace FedActors.Cli.Tests;

/// <summary>Smoke test of <c>fedactors bench cluster</c> against the RabbitMQ node scripts/test.sh starts: what it prints, never how fast.</summary>
[Collection(BenchCollection.Name)]
public sealed class BenchClusterCommandTests
{
    private const string Variable = "FEDACTORS_TEST_RABBITMQ";

    [Fact]
    public void BenchCluster_QuickJsonWithBroker_ReportsEveryCaseWithPositiveValues()
    {
        // Arrange
        var broker = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException($"{Variable} is not set: run scripts/test.sh, which starts a RabbitMQ node");

        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "cluster", "--quick", "--json", "--broker", broker);

        // Assert
        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        var rows = document.RootElement.EnumerateArray()
            .Select(r => (
                Bench: r.GetProperty("bench").GetString()!,
                Case: r.GetProperty("case").GetString()!,
                Metric: r.GetProperty("metric").GetString()!,
                Value: r.GetProperty("value").GetDouble(),
                Unit: r.GetProperty("unit").GetString()!))
            .ToList();
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal("cluster", r.Bench));
        Assert.All(rows, r => Assert.True(r.Value > 0, $"{r} should be positive"));
        foreach (var @case in new[] { "local", "workers-1", "workers-2" })
        {
            Assert.Contains(rows, r => r.Case == @case && r.Metric == "jobs-per-second" && r.Unit == "jobs/s");
            Assert.Contains(rows, r => r.Case == @case && r.Metric == "seconds-per-round" && r.Unit == "s");
        }
    }

    [Fact]
    public void BenchCluster_NoBrokerGiven_FailsWithOneLineSayingHowToGiveOne()
    {
        // Arrange: FEDACTORS_BROKER is read only when --broker is absent; an empty --broker counts as absent too.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FEDACTORS_BROKER")))
        {
            return;
        }

        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "cluster", "--quick", "--json", "--broker", "");

        // Assert
        Assert.Equal(ExitCodes.BenchmarkFailed, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("bench cluster:", StringComparison.Ordinal));
        Assert.Contains("--broker amqp://", line);
        Assert.Contains("FEDACTORS_BROKER", line);
    }
}
