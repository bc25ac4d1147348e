using FedActors.Torch;

namespace FedActors.Simulation.Tests;

public sealed class EvaluationMetricsTests
{
    // Rows are true classes, columns predictions:
    // truth 0: [ 8, 1,  1]  (10)
    // truth 1: [ 2, 5,  3]  (10)
    // truth 2: [ 0, 4, 16]  (20)
    private static readonly ConfusionMatrix Confusion = new(3, [8, 1, 1, 2, 5, 3, 0, 4, 16]);

    [Fact]
    public void Accuracy_HandBuiltMatrix_CorrectOverTotal()
    {
        // Act: (8 + 5 + 16) / 40
        var accuracy = EvaluationMetrics.Accuracy(Confusion);

        // Assert
        Assert.Equal(0.725, accuracy, 12);
    }

    [Fact]
    public void Accuracy_NoSamples_NaN()
    {
        // Act
        var accuracy = EvaluationMetrics.Accuracy(new ConfusionMatrix(2, new long[4]));

        // Assert
        Assert.True(double.IsNaN(accuracy));
    }

    [Fact]
    public void PerClassAccuracy_HandBuiltMatrix_RowRecall()
    {
        // Act
        var perClass = EvaluationMetrics.PerClassAccuracy(Confusion);

        // Assert
        Assert.Equal([0.8, 0.5, 0.8], perClass);
    }

    [Fact]
    public void AttackSuccessRate_SourceOneTargetTwo_Percent()
    {
        // Act: 3 of the 10 samples of class 1 predicted as 2
        var rate = EvaluationMetrics.AttackSuccessRate(Confusion, source: 1, target: 2);

        // Assert
        Assert.Equal(30.0, rate, 12);
    }

    [Fact]
    public void AttackSuccessRate_SourceTwoTargetOne_Percent()
    {
        // Act: 4 of 20
        var rate = EvaluationMetrics.AttackSuccessRate(Confusion, source: 2, target: 1);

        // Assert
        Assert.Equal(20.0, rate, 12);
    }

    [Fact]
    public void AttackSuccessRate_NoSourceSamples_NaN()
    {
        // Arrange
        var confusion = new ConfusionMatrix(2, [0, 0, 3, 4]);

        // Act
        var rate = EvaluationMetrics.AttackSuccessRate(confusion, 0, 1);

        // Assert
        Assert.True(double.IsNaN(rate));
    }

    [Fact]
    public void BackdoorAccuracy_TriggeredSamples_ExcludesTargetRow()
    {
        // Act: target 2, rows 0 and 1: (1 + 3) / 20
        var accuracy = EvaluationMetrics.BackdoorAccuracy(Confusion, target: 2);

        // Assert
        Assert.Equal(0.2, accuracy, 12);
    }

    [Fact]
    public void TargetedAccuracy_OneFlip_FlippedLabelCorrect()
    {
        // Act: 1 → 2: 3 / 10
        var accuracy = EvaluationMetrics.TargetedAccuracy(Confusion, new Dictionary<int, int> { [1] = 2 });

        // Assert
        Assert.Equal(0.3, accuracy, 12);
    }

    [Fact]
    public void TargetedAccuracy_TwoFlips_PooledOverTargetedSet()
    {
        // Act: 1 → 2 and 2 → 1: (3 + 4) / (10 + 20)
        var accuracy = EvaluationMetrics.TargetedAccuracy(Confusion, new Dictionary<int, int> { [1] = 2, [2] = 1 });

        // Assert
        Assert.Equal(7.0 / 30.0, accuracy, 12);
    }

    [Fact]
    public void AttackSuccessRate_ClassOutOfRange_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationMetrics.AttackSuccessRate(Confusion, 3, 0));
    }
}
