using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class PdganTests
{
    [Fact]
    public void Discriminator_IsTheGlobalModelPlusThePlainMeanOfTheUpdates()
    {
        // Arrange
        float[] global = [1f, 2f];
        float[][] updates = [[1f, 0f], [3f, -2f]];

        // Act
        var d = PdganLogic.Discriminator(global, updates);

        // Assert: [1 + (1 + 3)/2, 2 + (0 − 2)/2]
        Assert.Equal([3f, 1f], d);
        Assert.Equal(global, PdganLogic.Discriminator(global, []));
    }

    [Fact]
    public void Predict_TakesTheArgmaxOfTheRealClassesOnly()
    {
        // Two samples, 3 real classes + fake: the fake output (index 3) is the largest in both but never chosen.
        float[] logits = [0.1f, 0.5f, 0.2f, 9f, /**/ 0.7f, 0.7f, 0.1f, 9f];

        var labels = PdganLogic.Predict(logits, samples: 2, outputs: 4, realClasses: 3);

        Assert.Equal([1, 0], labels); // the second is a tie of classes 0 and 1: the lower wins
    }

    [Fact]
    public void MajorityLabels_AreTheMostPredictedLabel_TiesToTheLower()
    {
        int[][] predictions = [[1, 2, 0, 5], [1, 3, 0, 4], [7, 3, 2, 9]];

        var truth = PdganLogic.MajorityLabels(predictions);

        // sample 0: 1,1,7 → 1; sample 1: 2,3,3 → 3; sample 2: 0,0,2 → 0; sample 3: 5,4,9 all once → 4
        Assert.Equal([1, 3, 0, 4], truth);
    }

    [Fact]
    public void Accuracies_AreTheSharesAgreeingWithTheTruth()
    {
        int[][] predictions = [[1, 2, 0, 5], [1, 3, 0, 4], [7, 3, 2, 9]];

        var accuracies = PdganLogic.Accuracies(predictions, [1, 3, 0, 4]);

        Assert.Equal([0.5, 1.0, 0.25], accuracies);
    }

    [Fact]
    public void Flag_Absolute_DropsBelowEta_KeepsEqual()
    {
        var flags = PdganLogic.Flag([0.95, 0.9, 0.89], threshold: 0.9, PdganThresholdMode.Absolute);

        Assert.Equal([false, false, true], flags);
    }

    [Fact]
    public void Flag_Relative_ComparesWithEtaTimesTheMedian()
    {
        // median of [0.8, 1.0, 0.9, 0.5] = (0.8 + 0.9)/2 = 0.85; cutoff 0.9 · 0.85 = 0.765
        double[] accuracies = [0.8, 1.0, 0.9, 0.5];

        var cutoff = PdganLogic.Cutoff(accuracies, 0.9, PdganThresholdMode.Relative);
        var flags = PdganLogic.Flag(accuracies, 0.9, PdganThresholdMode.Relative);

        Assert.Equal(0.765, cutoff, 12);
        Assert.Equal([false, false, false, true], flags);
        Assert.Equal(0.9 * 0.9, PdganLogic.Cutoff([1.0, 0.9, 0.2], 0.9, PdganThresholdMode.Relative), 12);
    }

    [Fact]
    public void State_RoundTrips_AndAMalformedOneFails()
    {
        float[] generator = [1.5f, -0f, float.Epsilon, 3e7f];

        var bytes = PdganLogic.EncodeState(generator);

        Assert.Equal(4 + (4 * 4), bytes.Length);
        Assert.Equal(generator, PdganLogic.DecodeState(bytes));
        Assert.Throws<InvalidDataException>(() => PdganLogic.DecodeState(bytes[..^1]));
        Assert.Throws<InvalidDataException>(() => PdganLogic.DecodeState([1, 2]));
    }

    [Fact]
    public void GeneratorFor_ImagesOf32_IsTable1sGenerator_ElseAnMlpOfTheInputsSize()
    {
        var image = PdganLogic.GeneratorFor(ModelZoo.PdganDiscriminator([1, 32, 32], 10), 100);
        var vector = PdganLogic.GeneratorFor(ModelZoo.Mlp([8], [16], 4), 20);

        Assert.Equal("pdgan-generator", image.Name);
        Assert.Equal(1024, image.Classes);
        Assert.Equal([20], vector.InputShape);
        Assert.Equal(8, vector.Classes);
    }
}
