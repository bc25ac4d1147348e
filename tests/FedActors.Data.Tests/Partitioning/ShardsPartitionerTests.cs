namespace FedActors.Data.Tests.Partitioning;

public sealed class ShardsPartitionerTests
{
    [Fact]
    public void Split_ClassCountsMultipleOfShardSize_EachClientHasAtMostTwoLabels()
    {
        // Arrange: 100 samples per class, 20 shards of 50, each inside one class.
        var labels = PartitionAssert.BalancedLabels();

        // Act
        var partition = Partitioners.Create("shards").Split(labels, 10, 10, seed: 9);

        // Assert
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(100, partition.Size(k));
            var histogram = partition.LabelHistogram(k, labels, 10);
            Assert.InRange(histogram.Count(c => c > 0), 1, 2);
            Assert.All(histogram, count => Assert.True(count % 50 == 0, $"client {k} holds {count} of a class"));
        }

        PartitionAssert.Complete(partition, labels.Length);
    }

    [Fact]
    public void Split_ShardsStraddlingClassBoundaries_EachClientHasAtMostFourLabels()
    {
        // Arrange: classes of 50..86 samples, 14 shards of 48 or 49 (680 = 14 · 48 + 8), each at most 2 classes; 7 clients.
        var labels = PartitionAssert.UnevenLabels();

        // Act
        var partition = Partitioners.Create("shards").Split(labels, 10, 7, seed: 9);

        // Assert
        for (var k = 0; k < 7; k++)
        {
            Assert.InRange(partition.LabelHistogram(k, labels, 10).Count(c => c > 0), 1, 4);
        }

        Assert.All(Enumerable.Range(0, 7), k => Assert.InRange(partition.Size(k), 96, 98));
        PartitionAssert.Complete(partition, labels.Length);
    }

    [Fact]
    public void Split_FewerSamplesThanShards_ThrowsNamingTheNeed()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels(15);

        // Act
        var error = Assert.Throws<ArgumentException>(() => Partitioners.Create("shards").Split(labels, 10, 8, seed: 1));

        // Assert
        Assert.Contains("at least 16 samples", error.Message);
    }
}
