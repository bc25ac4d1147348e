namespace FedActors.Data.Tests.Partitioning;

public sealed class PartitionersTests
{
    [Theory]
    [InlineData("iid")]
    [InlineData("shards")]
    [InlineData("dirichlet")]
    [InlineData("per-label")]
    [InlineData("quantity-skew")]
    public void Create_KnownKind_ReturnsThatKind(string kind)
    {
        // Act
        var partitioner = Partitioners.Create(kind);

        // Assert
        Assert.Equal(kind, partitioner.Kind);
        Assert.Contains(kind, partitioner.Describe());
    }

    [Fact]
    public void Create_UnknownKind_ThrowsListingTheKnownKinds()
    {
        // Act
        var error = Assert.Throws<ArgumentException>(() => Partitioners.Create("stratified"));

        // Assert
        Assert.Contains("data.partition = 'stratified'", error.Message);
        Assert.Contains("iid, shards, dirichlet, per-label, quantity-skew", error.Message);
    }

    [Fact]
    public void Create_PerLabelWithZeroCount_ThrowsNamingTheKey()
    {
        // Act
        var error = Assert.ThrowsAny<ArgumentException>(
            () => Partitioners.Create(new PartitionSettings("per-label") { PerLabelCount = 0 }));

        // Assert
        Assert.Contains("data.per-label-count", error.Message);
    }
}
