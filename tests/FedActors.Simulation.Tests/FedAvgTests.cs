namespace FedActors.Simulation.Tests;

public sealed class FedAvgTests
{
    // w = [1, 2]; Δ1 = [2, 0] on 1 sample, Δ2 = [0, 4] on 3 samples.
    private static readonly float[] Global = [1f, 2f];
    private static readonly float[][] Updates = [[2f, 0f], [0f, 4f]];
    private static readonly long[] Samples = [1, 3];

    [Fact]
    public void Aggregate_SampleWeighting_WeighsBySamples()
    {
        // Act: a = [1/4, 3/4] → Σ a Δ = [0.5, 3]
        var result = FedAvg.Aggregate(Global, Updates, Samples, [1.0, 1.0]);

        // Assert
        Assert.Equal([1.5f, 5f], result);
    }

    [Fact]
    public void Aggregate_UniformWeighting_Averages()
    {
        // Act: a = [1/2, 1/2] → Σ a Δ = [1, 2]
        var result = FedAvg.Aggregate(Global, Updates, Samples, [1.0, 1.0], Weighting.Uniform);

        // Assert
        Assert.Equal([2f, 4f], result);
    }

    [Fact]
    public void Aggregate_DroppedClient_Ignored()
    {
        // Act: a = [1, 0]
        var result = FedAvg.Aggregate(Global, Updates, Samples, [1.0, 0.0]);

        // Assert
        Assert.Equal([3f, 2f], result);
    }

    [Fact]
    public void Aggregate_AllDropped_GlobalUnchanged()
    {
        // Act
        var result = FedAvg.Aggregate(Global, Updates, Samples, [0.0, 0.0]);

        // Assert
        Assert.Equal(Global, result);
        Assert.NotSame(Global, result);
    }

    [Fact]
    public void Aggregate_PipelineWeights_MultiplySamples()
    {
        // Act: a ∝ [1·2, 3·1] = [0.4, 0.6] → Σ a Δ = [0.8, 2.4]
        var result = FedAvg.Aggregate(Global, Updates, Samples, [2.0, 1.0]);

        // Assert
        Assert.Equal(1.8, result[0], 6);
        Assert.Equal(4.4, result[1], 6);
    }

    [Fact]
    public void Aggregate_ServerLearningRate_ScalesStep()
    {
        // Act: η_g = 2 → w + 2 · [0.5, 3]
        var result = FedAvg.Aggregate(Global, Updates, Samples, [1.0, 1.0], serverLearningRate: 2.0);

        // Assert
        Assert.Equal([2f, 8f], result);
    }

    [Fact]
    public void Coefficients_SampleWeighting_Normalized()
    {
        // Act
        var a = FedAvg.Coefficients([1, 3], [1.0, 1.0]);

        // Assert
        Assert.Equal([0.25, 0.75], a);
    }

    [Fact]
    public void Aggregate_NegativeWeight_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => FedAvg.Aggregate(Global, Updates, Samples, [1.0, -1.0]));
    }

    [Fact]
    public void Aggregate_WrongDimension_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentException>(() => FedAvg.Aggregate(Global, [[1f, 2f, 3f]], [1], [1.0]));
    }

    [Fact]
    public void Aggregate_LongVector_EqualsOnePassInOrder()
    {
        // Arrange: long enough for the blocks to be shared out among the cores, with a partial last block.
        const int length = 300_007;
        var random = new Random(11);
        var global = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
        var updates = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToList();
        long[] samples = [10, 7, 3, 12, 5];
        double[] weights = [1.0, 0.5, 0.0, 1.0, 2.0];
        var a = FedAvg.Coefficients(samples, weights);

        // Act
        var result = FedAvg.Aggregate(global, updates, samples, weights, serverLearningRate: 0.75);

        // Assert: each value as one scalar pass over the updates, in order, gives it, bit for bit.
        for (var i = 0; i < length; i++)
        {
            double sum = 0;
            for (var k = 0; k < updates.Count; k++)
            {
                if (a[k] != 0)
                {
                    sum += a[k] * updates[k][i];
                }
            }

            Assert.Equal((float)(global[i] + 0.75 * sum), result[i]);
        }
    }
}
