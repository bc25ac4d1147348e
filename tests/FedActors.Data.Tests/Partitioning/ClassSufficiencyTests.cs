namespace FedActors.Data.Tests.Partitioning;

public sealed class ClassSufficiencyTests
{
    [Fact]
    public void Compute_TinyPartition_SetsBitsWhereCountsReachTheThreshold()
    {
        // Arrange: 3 classes, threshold 2.
        //   client 0: samples 0,1,2,3 → labels 0,0,1,2 → counts [2,1,1] → bits [1,0,0]
        //   client 1: samples 4,5,6,7 → labels 1,1,2,2 → counts [0,2,2] → bits [0,1,1]
        //   client 2: samples 8,9     → labels 0,0    → counts [2,0,0] → bits [1,0,0]
        int[] labels = [0, 0, 1, 2, 1, 1, 2, 2, 0, 0];
        var partition = new Partition([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);

        // Act
        var bits = ClassSufficiency.Compute(partition, labels, 3, threshold: 2);

        // Assert
        Assert.Equal([true, false, false], bits[0]);
        Assert.Equal([false, true, true], bits[1]);
        Assert.Equal([true, false, false], bits[2]);
        Assert.Equal([2, 1, 1], ClassSufficiency.Holders(bits, 3));
    }

    [Fact]
    public void Compute_DefaultThreshold_IsOneHundredInclusive()
    {
        // Arrange: client 0 has exactly 100 of class 0 and 99 of class 1.
        var labels = Enumerable.Repeat(0, 100).Concat(Enumerable.Repeat(1, 99)).ToArray();
        var partition = new Partition([Enumerable.Range(0, 199).ToArray()]);

        // Act
        var bits = ClassSufficiency.Compute(partition, labels, 2);

        // Assert
        Assert.Equal(100, ClassSufficiency.DefaultMinClassSamples);
        Assert.Equal([true, false], bits[0]);
    }
}
