namespace FedActors.Torch.Tests;

public sealed class EvalLossTests
{
    [Fact]
    public void Evaluate_TinySet_MeanLossEqualsCrossEntropyOfTheLogits()
    {
        // Arrange: 5 random inputs, labels overridden per sample, evaluated in batches of 2 (3 batches).
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var state = model.InitialState(seed: 7);
        var sampleSize = spec.InputShape.Aggregate(1, (a, b) => a * b);
        const int count = 5;
        var random = new Random(11);
        var features = new float[count * sampleSize];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)random.NextDouble();
        }

        int[] stored = [0, 1, 2, 3, 4];
        int[] labels = [3, 1, 9, 0, 7];
        using var trainer = new TorchTrainer();
        trainer.RegisterDataset("tiny", features, spec.InputShape.ToArray(), stored, spec.Classes);
        var samples = new SampleSelection([0, 1, 2, 3, 4]) { Labels = labels };

        // Act
        var result = trainer.Evaluate(new EvalJob(spec, "tiny", state, samples, BatchSize: 2));
        model.SetState(state);
        var logits = model.Forward(features, count);

        // Assert: L = mean over samples of logsumexp(z) − z_y, computed here in double.
        var expected = 0.0;
        for (var s = 0; s < count; s++)
        {
            var z = logits.AsSpan(s * spec.Classes, spec.Classes);
            var max = double.NegativeInfinity;
            foreach (var v in z)
            {
                max = Math.Max(max, v);
            }

            var sum = 0.0;
            foreach (var v in z)
            {
                sum += Math.Exp(v - max);
            }

            expected += max + Math.Log(sum) - z[labels[s]];
        }

        expected /= count;
        Assert.Equal(count, result.Confusion.Total);
        Assert.True(expected > 0);
        Assert.InRange(result.MeanLoss, expected - 1e-5, expected + 1e-5);
    }

    [Fact]
    public void EvalResult_ConstructedWithoutLoss_HasNaNMeanLoss()
    {
        var result = new EvalResult(new ConfusionMatrix(2, [1, 0, 0, 1]));

        Assert.True(double.IsNaN(result.MeanLoss));
    }
}
