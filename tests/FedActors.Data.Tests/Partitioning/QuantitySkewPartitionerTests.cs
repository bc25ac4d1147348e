namespace FedActors.Data.Tests.Partitioning;

public sealed class QuantitySkewPartitionerTests
{
    [Fact]
    public void Split_SmallBeta_SizesVaryWidelyAndEveryClientHasASample()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();
        var partitioner = Partitioners.Create(new PartitionSettings("quantity-skew") { QuantitySkewBeta = 0.1 });

        // Act
        var partition = partitioner.Split(labels, 10, 10, seed: 17);

        // Assert
        var sizes = Enumerable.Range(0, 10).Select(partition.Size).ToArray();
        Assert.All(sizes, size => Assert.True(size >= 1));
        Assert.True(sizes.Max() >= 3 * sizes.Min(), $"sizes [{string.Join(", ", sizes)}] are not skewed");
        PartitionAssert.Complete(partition, labels.Length);
    }

    [Fact]
    public void Split_LargeClient_HasIidLabels()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels(10_000);
        var partitioner = Partitioners.Create(new PartitionSettings("quantity-skew") { QuantitySkewBeta = 0.5 });

        // Act
        var partition = partitioner.Split(labels, 10, 5, seed: 17);

        // Assert: the largest client's class shares are each near 1/10.
        var largest = Enumerable.Range(0, 5).MaxBy(partition.Size);
        var histogram = partition.LabelHistogram(largest, labels, 10);
        Assert.All(histogram, count => Assert.InRange(count / (double)partition.Size(largest), 0.07, 0.13));
    }

    [Fact]
    public void Split_FewerSamplesThanClients_Throws()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels(3);

        // Act
        var error = Assert.Throws<ArgumentException>(() => Partitioners.Create("quantity-skew").Split(labels, 10, 4, seed: 1));

        // Assert
        Assert.Contains("use fewer clients", error.Message);
    }
}
