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
        Assert.Equal(13, rows.Count);
        foreach (var clients in new[] { 100, 200 })
        {
            Assert.Contains(rows, r => r.Bench == "round" && r.Case == $"clients-{clients}" && r.Metric == "seconds-per-round" && r.Unit == "s" && r.Value > 0);

            // A child fedactors run holds at least the MNIST training images (60,000 x 784 floats): far above 100 MB.
            Assert.Contains(rows, r => r.Bench == "round" && r.Case == $"clients-{clients}" && r.Metric == "peak-memory-bytes" && r.Unit == "B" && r.Value > 100e6);
        }

        // The long case: the largest resident set early and late in the run, and the growth between them.
        var early = Assert.Single(rows, r => r.Case == "clients-100-rounds-20" && r.Metric == "resident-bytes-early");
        var late = Assert.Single(rows, r => r.Case == "clients-100-rounds-20" && r.Metric == "resident-bytes-late");
        var growth = Assert.Single(rows, r => r.Case == "clients-100-rounds-20" && r.Metric == "memory-growth-percent");
        Assert.True(early.Value > 100e6 && late.Value > 100e6, $"{early.Value} and {late.Value}");
        Assert.Equal(100 * (late.Value - early.Value) / early.Value, growth.Value, 6);
        Assert.Contains(rows, r => r.Case == "clients-100-rounds-20" && r.Metric == "peak-memory-bytes" && r.Value >= Math.Max(early.Value, late.Value));
        Assert.Contains(rows, r => r.Case == "clients-100-rounds-20" && r.Metric == "seconds-per-round" && r.Value > 0);

        // The cnn-mnist case: one copy of 10 updates of 1,663,370 floats, and the run's peak against it.
        const string Cnn = "cnn-mnist-clients-1000";
        var updates = Assert.Single(rows, r => r.Case == Cnn && r.Metric == "updates-bytes");
        Assert.Equal(10.0 * 1_663_370 * 4, updates.Value);
        var peak = Assert.Single(rows, r => r.Case == Cnn && r.Metric == "peak-memory-bytes");
        var ratio = Assert.Single(rows, r => r.Case == Cnn && r.Metric == "peak-over-updates" && r.Unit == "x");
        Assert.Equal(peak.Value / updates.Value, ratio.Value, 6);
        Assert.Contains(rows, r => r.Case == Cnn && r.Metric == "seconds-per-round" && r.Value > 0);
    }
}
