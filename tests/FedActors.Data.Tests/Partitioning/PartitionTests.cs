namespace FedActors.Data.Tests.Partitioning;

public sealed class PartitionTests
{
    [Fact]
    public void LabelHistogram_TinyPartition_CountsEachClass()
    {
        // Arrange
        int[] labels = [2, 0, 2, 1, 2];
        var partition = new Partition([[0, 2, 3], [1, 4]]);

        // Act
        var first = partition.LabelHistogram(0, labels, 3);
        var second = partition.LabelHistogram(1, labels, 3);

        // Assert
        Assert.Equal([0, 1, 2], first);
        Assert.Equal([1, 0, 1], second);
        Assert.Equal(5, partition.TotalSamples);
    }
}
