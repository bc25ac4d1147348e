namespace FedActors.Data.Tests.Partitioning;

public sealed class DirichletPartitionerTests
{
    [Fact]
    public void Split_TinyAlpha_GivesEachClassToAlmostOneClient()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();
        var partitioner = Partitioners.Create(new PartitionSettings("dirichlet") { DirichletAlpha = 0.001 });

        // Act
        var partition = partitioner.Split(labels, 10, 10, seed: 21);

        // Assert: for every class, one client holds nearly all of its 100 samples.
        for (var c = 0; c < 10; c++)
        {
            var largest = Enumerable.Range(0, 10).Max(k => partition.LabelHistogram(k, labels, 10)[c]);
            Assert.InRange(largest, 95, 100);
        }

        PartitionAssert.Complete(partition, labels.Length);
    }

    [Fact]
    public void Split_HugeAlpha_IsNearlyUniform()
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();
        var partitioner = Partitioners.Create(new PartitionSettings("dirichlet") { DirichletAlpha = 1e6 });

        // Act
        var partition = partitioner.Split(labels, 10, 10, seed: 21);

        // Assert: 100 samples of a class over 10 clients, proportions within ±0.5% of 0.1 → 9..11 each.
        for (var k = 0; k < 10; k++)
        {
            Assert.All(partition.LabelHistogram(k, labels, 10), count => Assert.InRange(count, 9, 11));
        }

        PartitionAssert.Complete(partition, labels.Length);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Create_NonPositiveAlpha_ThrowsNamingTheKey(double alpha)
    {
        // Act
        var error = Assert.ThrowsAny<ArgumentException>(
            () => Partitioners.Create(new PartitionSettings("dirichlet") { DirichletAlpha = alpha }));

        // Assert
        Assert.Contains("data.dirichlet-alpha", error.Message);
    }
}
