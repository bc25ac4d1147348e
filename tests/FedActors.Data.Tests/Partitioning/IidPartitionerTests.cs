namespace FedActors.Data.Tests.Partitioning;

public sealed class IidPartitionerTests
{
    [Fact]
    public void Split_RemainderSamples_GoOneEachToTheFirstClients()
    {
        // Arrange: 1,003 samples over 10 clients = 100 each, 3 left over.
        var labels = PartitionAssert.BalancedLabels(1_003);

        // Act
        var partition = Partitioners.Create("iid").Split(labels, 10, 10, seed: 5);

        // Assert
        Assert.Equal([101, 101, 101, 100, 100, 100, 100, 100, 100, 100], Enumerable.Range(0, 10).Select(partition.Size));
        PartitionAssert.Complete(partition, labels.Length);
    }

    [Fact]
    public void Split_BalancedLabels_EveryClientSeesEveryClass()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();

        // Act
        var partition = Partitioners.Create("iid").Split(labels, 10, 10, seed: 5);

        // Assert: 100 shuffled samples per client all but surely cover 10 classes, none dominating.
        for (var k = 0; k < 10; k++)
        {
            var histogram = partition.LabelHistogram(k, labels, 10);
            Assert.All(histogram, count => Assert.InRange(count, 1, 30));
        }
    }
}
