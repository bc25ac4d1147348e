namespace FedActors.Cli.Tests;

/// <summary>Smoke test of <c>fedactors bench round</c>: what it prints, never how fast anything is.</summary>
[Collection(BenchCollection.Name)]
public sealed class BenchRoundCommandTests
{
    [Fact]
    public void BenchRound_QuickJson_ReportsSecondsPerRoundAndPeakMemoryPerCase()
    {
        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "round", "--quick", "--json");

        // Assert
        Assert.True(exitCode == 0, error);
        var rows = BenchJson.Rows(output);
        Assert.Equal(4, rows.Count);
        foreach (var clients in new[] { 100, 200 })
        {
            Assert.Contains(rows, r => r.Bench == "round" && r.Case == $"clients-{clients}" && r.Metric == "seconds-per-round" && r.Unit == "s" && r.Value > 0);

            // A child fedactors run holds at least the MNIST training images (60,000 x 784 floats): far above 100 MB.
            Assert.Contains(rows, r => r.Bench == "round" && r.Case == $"clients-{clients}" && r.Metric == "peak-memory-bytes" && r.Unit == "B" && r.Value > 100e6);
        }
    }
}
