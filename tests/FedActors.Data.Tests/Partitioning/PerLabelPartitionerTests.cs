namespace FedActors.Data.Tests.Partitioning;

public sealed class PerLabelPartitionerTests
{
    [Fact]
    public void Split_TwoListedLabels_EachClientHasExactlyTheCountOfEach()
    {
        // Arrange: 001 §III-B in miniature, 25 of each of {6, 2} for 4 clients.
        var labels = PartitionAssert.BalancedLabels();
        var partitioner = Partitioners.Create(new PartitionSettings("per-label") { PerLabelLabels = [6, 2], PerLabelCount = 25 });

        // Act
        var partition = partitioner.Split(labels, 10, 4, seed: 13);

        // Assert
        for (var k = 0; k < 4; k++)
        {
            var expected = new int[10];
            expected[6] = 25;
            expected[2] = 25;
            Assert.Equal(expected, partition.LabelHistogram(k, labels, 10));
        }

        PartitionAssert.DisjointAndValid(partition, labels.Length);
    }

    [Fact]
    public void Split_NotEnoughSamplesOfALabel_ThrowsNamingTheLabel()
    {
        // Arrange: label 2 has 100 samples, 5 clients × 25 need 125.
        var labels = PartitionAssert.BalancedLabels();
        var partitioner = Partitioners.Create(new PartitionSettings("per-label") { PerLabelLabels = [2], PerLabelCount = 25 });

        // Act
        var error = Assert.Throws<ArgumentException>(() => partitioner.Split(labels, 10, 5, seed: 13));

        // Assert
        Assert.Contains("label 2", error.Message);
        Assert.Contains("needs 125", error.Message);
        Assert.Contains("has 100", error.Message);
    }

    [Fact]
    public void Split_LabelBeyondTheClasses_ThrowsNamingTheLabel()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();
        var partitioner = Partitioners.Create(new PartitionSettings("per-label") { PerLabelLabels = [12], PerLabelCount = 1 });

        // Act
        var error = Assert.Throws<ArgumentException>(() => partitioner.Split(labels, 10, 2, seed: 13));

        // Assert
        Assert.Contains("label 12", error.Message);
    }
}
