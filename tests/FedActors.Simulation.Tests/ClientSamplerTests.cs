namespace FedActors.Simulation.Tests;

public sealed class ClientSamplerTests
{
    [Fact]
    public void Sample_SameSeedAndRound_SameClients()
    {
        // Arrange & Act
        var first = ClientSampler.Sample(7, 3, 100, 10);
        var second = ClientSampler.Sample(7, 3, 100, 10);

        // Assert
        Assert.Equal(first, second);
    }

    [Fact]
    public void Sample_AnyRound_DistinctSortedInRange()
    {
        for (var round = 0; round < 50; round++)
        {
            // Act
            var chosen = ClientSampler.Sample(11, round, 20, 7);

            // Assert
            Assert.Equal(7, chosen.Length);
            Assert.Equal(7, chosen.Distinct().Count());
            Assert.Equal(chosen.Order(), chosen);
            Assert.All(chosen, c => Assert.InRange(c, 0, 19));
        }
    }

    [Fact]
    public void Sample_DifferentRounds_DifferentClients()
    {
        // Arrange & Act
        var samples = Enumerable.Range(0, 10).Select(r => string.Join(",", ClientSampler.Sample(7, r, 100, 10))).ToList();

        // Assert
        Assert.Equal(10, samples.Distinct().Count());
    }

    [Fact]
    public void Sample_DifferentRunSeeds_DifferentClients()
    {
        // Arrange & Act
        var a = ClientSampler.Sample(1, 0, 100, 10);
        var b = ClientSampler.Sample(2, 0, 100, 10);

        // Assert
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Sample_AllClients_ReturnsEveryClient()
    {
        // Act
        var chosen = ClientSampler.Sample(5, 0, 6, 6);

        // Assert
        Assert.Equal([0, 1, 2, 3, 4, 5], chosen);
    }

    [Fact]
    public void Sample_ManyRounds_RoughlyUniform()
    {
        // Arrange: 10,000 rounds of 3 of 10: each client expected 3,000 times, standard deviation ≈ 46.
        var counts = new int[10];

        // Act
        for (var round = 0; round < 10_000; round++)
        {
            foreach (var c in ClientSampler.Sample(2024, round, 10, 3))
            {
                counts[c]++;
            }
        }

        // Assert
        Assert.All(counts, n => Assert.InRange(n, 2800, 3200));
    }

    [Fact]
    public void Sample_MoreThanClients_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientSampler.Sample(1, 0, 5, 6));
    }
}
