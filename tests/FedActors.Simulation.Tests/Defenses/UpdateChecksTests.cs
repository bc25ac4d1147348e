namespace FedActors.Simulation.Tests.Defenses;

public sealed class UpdateChecksTests
{
    [Fact]
    public void Clip_NormAboveTheBound_ScalesDownToTheBound()
    {
        var clipped = UpdateChecks.Clip([3f, 4f], 2.5);

        Assert.Equal(1.5f, clipped[0], 6);
        Assert.Equal(2f, clipped[1], 6);
    }

    [Fact]
    public void Clip_NormWithinTheBound_ReturnsTheSameArray()
    {
        float[] update = [0.3f, 0.4f];

        Assert.Same(update, UpdateChecks.Clip(update, 1.0));
    }

    [Fact]
    public void CosineToOthers_IsTheCosineToTheSumOfTheOtherKeptUpdates()
    {
        float[][] updates = [[1f, 0f], [0f, 1f], [1f, 1f]];

        var cosines = UpdateChecks.CosineToOthers(updates, [true, true, true]);

        Assert.Equal(1 / Math.Sqrt(5), cosines[0], 9);   // others: [1, 2]
        Assert.Equal(1 / Math.Sqrt(5), cosines[1], 9);   // others: [2, 1]
        Assert.Equal(1.0, cosines[2], 9);                // others: [1, 1]
    }

    [Fact]
    public void CosineToOthers_DroppedUpdatesAreNotComparedAndNotCounted()
    {
        float[][] updates = [[1f, 0f], [0f, 1f], [1f, 1f]];

        var cosines = UpdateChecks.CosineToOthers(updates, [true, false, true]);

        Assert.Equal(1 / Math.Sqrt(2), cosines[0], 9);
        Assert.True(double.IsNaN(cosines[1]));
        Assert.Equal(1 / Math.Sqrt(2), cosines[2], 9);
    }
}
