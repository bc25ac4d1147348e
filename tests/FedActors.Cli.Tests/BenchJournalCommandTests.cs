using System.Text.Json;

namespace FedActors.Cli.Tests;

/// <summary>Smoke test of <c>fedactors bench journal</c> against the PostgreSQL server scripts/test.sh starts: what it prints, never how fast.</summary>
[Collection(BenchCollection.Name)]
public sealed class BenchJournalCommandTests
{
    private const string Variable = "FEDACTORS_TEST_POSTGRES";

    [Fact]
    public void BenchJournal_QuickJsonWithPostgres_ReportsEveryBackendWithPositiveValues()
    {
        // Arrange
        var connectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException($"{Variable} is not set: run scripts/test.sh, which starts a PostgreSQL server");

        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "journal", "--quick", "--json", "--postgres", connectionString);

        // Assert
        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        var rows = document.RootElement.EnumerateArray()
            .Select(r => (Case: r.GetProperty("case").GetString()!, Metric: r.GetProperty("metric").GetString()!, Value: r.GetProperty("value").GetDouble()))
            .ToList();
        Assert.All(rows, r => Assert.True(r.Value > 0, $"{r} should be positive"));
        foreach (var backend in new[] { "in-memory", "sqlite", "postgres" })
        {
            Assert.Contains(rows, r => r.Case == $"{backend}-batch-1" && r.Metric == "events-per-second");
            Assert.Contains(rows, r => r.Case == $"{backend}-batch-100" && r.Metric == "events-per-second");
            Assert.Contains(rows, r => r.Case == $"{backend}-20-rounds" && r.Metric == "replay-seconds");
        }

        Assert.Contains(rows, r => r.Case == "sqlite-blob-400kb" && r.Metric == "blob-megabytes-per-second");
        Assert.Contains(rows, r => r.Case == "postgres-blob-400kb" && r.Metric == "blob-megabytes-per-second");
    }

    [Fact]
    public void BenchJournal_NoPostgresGiven_SaysThePostgresRowsAreNotMeasuredAndHowToEnableThem()
    {
        // Arrange: FEDACTORS_POSTGRES is read only when --postgres is absent; an empty --postgres counts as absent too.
        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "journal", "--quick", "--json", "--postgres", "");

        // Assert
        Assert.Equal(0, exitCode);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FEDACTORS_POSTGRES")))
        {
            Assert.Contains("postgres rows are not measured", error);
            Assert.Contains("--postgres", error);
            Assert.DoesNotContain("\"postgres-", output);
        }

        Assert.Contains("\"sqlite-batch-1\"", output);
    }
}
