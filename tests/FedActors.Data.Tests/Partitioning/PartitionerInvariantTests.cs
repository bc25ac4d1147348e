namespace FedActors.Data.Tests.Partitioning;

public sealed class PartitionerInvariantTests
{
    public static TheoryData<string> AllKinds() => new(Partitioners.Kinds);

    private static PartitionSettings Settings(string kind) => new(kind) { PerLabelLabels = [6, 2], PerLabelCount = 8 };

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Split_AnyKind_IsDisjointWithValidIndicesAndNClients(string kind)
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();

        // Act
        var partition = Partitioners.Create(Settings(kind)).Split(labels, 10, 10, seed: 7);

        // Assert
        Assert.Equal(10, partition.Clients);
        PartitionAssert.DisjointAndValid(partition, labels.Length);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Split_UnevenClassesAndOddSizes_IsDisjointWithValidIndices(string kind)
    {
        // Arrange
        var labels = PartitionAssert.UnevenLabels();

        // Act
        var partition = Partitioners.Create(Settings(kind)).Split(labels, 10, 7, seed: 3);

        // Assert
        Assert.Equal(7, partition.Clients);
        PartitionAssert.DisjointAndValid(partition, labels.Length);
    }

    [Theory]
    [InlineData("iid")]
    [InlineData("shards")]
    [InlineData("dirichlet")]
    [InlineData("quantity-skew")]
    public void Split_KindsThatUseEverySample_AreComplete(string kind)
    {
        // Arrange
        var labels = PartitionAssert.UnevenLabels();

        // Act
        var partition = Partitioners.Create(kind).Split(labels, 10, 7, seed: 11);

        // Assert
        PartitionAssert.Complete(partition, labels.Length);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Split_SameSeed_GivesTheSamePartition(string kind)
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();

        // Act
        var first = Partitioners.Create(Settings(kind)).Split(labels, 10, 10, seed: 42);
        var second = Partitioners.Create(Settings(kind)).Split(labels, 10, 10, seed: 42);

        // Assert
        Assert.True(PartitionAssert.SameAs(first, second));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Split_DifferentSeed_GivesADifferentPartition(string kind)
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();

        // Act
        var first = Partitioners.Create(Settings(kind)).Split(labels, 10, 10, seed: 42);
        var second = Partitioners.Create(Settings(kind)).Split(labels, 10, 10, seed: 43);

        // Assert
        Assert.False(PartitionAssert.SameAs(first, second));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Split_LabelOutOfRange_ThrowsNamingTheSample(string kind)
    {
        // Arrange
        var labels = PartitionAssert.BalancedLabels();
        labels[17] = 10;

        // Act
        var error = Assert.Throws<ArgumentException>(() => Partitioners.Create(Settings(kind)).Split(labels, 10, 10, seed: 1));

        // Assert
        Assert.Contains("sample 17 has label 10", error.Message);
    }
}
