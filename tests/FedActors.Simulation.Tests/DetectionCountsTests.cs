namespace FedActors.Simulation.Tests;

public sealed class DetectionCountsTests
{
    [Fact]
    public void From_MixedVerdicts_CountsEachCell()
    {
        // Arrange: malicious {0, 1, 2}, dropped {0, 1, 3}
        int[] judged = [0, 1, 2, 3, 4, 5];

        // Act
        var counts = DetectionCounts.From(judged, new HashSet<int> { 0, 1, 2 }, new HashSet<int> { 0, 1, 3 });

        // Assert
        Assert.Equal(new DetectionCounts(2, 1, 1, 2), counts);
        Assert.Equal(2.0 / 3.0, counts.Precision, 12);
        Assert.Equal(2.0 / 3.0, counts.Recall, 12);
    }

    [Fact]
    public void From_NothingDroppedNoneMalicious_PrecisionAndRecallOne()
    {
        // Act
        var counts = DetectionCounts.From([0, 1], new HashSet<int>(), new HashSet<int>());

        // Assert
        Assert.Equal(new DetectionCounts(0, 0, 0, 2), counts);
        Assert.Equal(1.0, counts.Precision);
        Assert.Equal(1.0, counts.Recall);
    }

    [Fact]
    public void From_MaliciousMissed_RecallZero()
    {
        // Act
        var counts = DetectionCounts.From([0, 1], new HashSet<int> { 0 }, new HashSet<int> { 1 });

        // Assert
        Assert.Equal(new DetectionCounts(0, 1, 1, 0), counts);
        Assert.Equal(0.0, counts.Precision);
        Assert.Equal(0.0, counts.Recall);
    }

    [Fact]
    public void From_DroppedClientNotJudged_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentException>(() => DetectionCounts.From([0], new HashSet<int>(), new HashSet<int> { 9 }));
    }
}
