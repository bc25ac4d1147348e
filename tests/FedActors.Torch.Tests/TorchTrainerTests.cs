namespace FedActors.Torch.Tests;

public sealed class TorchTrainerTests(MnistFixture mnist) : IClassFixture<MnistFixture>
{
    private static readonly TrainingHyperParameters Sgd = new() { LearningRate = 0.05, Momentum = 0.5, Epochs = 2, BatchSize = 10 };

    [Fact]
    public void Train_MlpTwoEpochsOn2000MnistSamples_ReachesAtLeast85PercentOnTheTestSubset()
    {
        // Arrange
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var initial = model.InitialState(seed: 42);

        // Act
        var trained = mnist.Trainer.Train(new TrainJob(spec, MnistFixture.Train, initial, MnistFixture.All(2_000), Sgd, Seed: 1));
        var evaluation = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained.State, MnistFixture.All(1_000)));

        // Assert
        Assert.Equal(1_000, evaluation.Confusion.Total);
        Assert.True(evaluation.Confusion.Accuracy >= 0.85, $"accuracy {evaluation.Confusion.Accuracy:P1}");
        Assert.True(trained.MeanLoss > 0 && double.IsFinite(trained.MeanLoss));
    }

    [Fact]
    public void Evaluate_InOrderRange_ReadInPlace_CountsAsTheSameSamplesGatheredOutOfOrder()
    {
        // Arrange: samples 100..899 in order (read as a view of the dataset), and the same samples reversed (gathered
        // batch by batch); batches of 256 do not divide 800.
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var trained = mnist.Trainer.Train(new TrainJob(spec, MnistFixture.Train, model.InitialState(seed: 3), MnistFixture.All(500), Sgd, Seed: 2)).State;
        var inOrder = Enumerable.Range(100, 800).ToArray();

        // Act
        var range = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained, new SampleSelection(inOrder)));
        var reversed = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained, new SampleSelection(inOrder.Reverse().ToArray())));

        // Assert: the same confusion matrix, and the same loss up to float rounding (the batches hold other samples).
        Assert.Equal(800, range.Confusion.Total);
        Assert.Equal(range.Confusion.Counts.ToArray(), reversed.Confusion.Counts.ToArray());
        Assert.Equal(range.MeanLoss, reversed.MeanLoss, 1e-6);
    }

    [Fact]
    public void Train_IdenticalJobs_GiveBitIdenticalStates()
    {
        // Arrange
        var spec = ModelZoo.Create("cnn-mnist");
        using var model = TorchModel.Create(spec);
        var job = new TrainJob(spec, MnistFixture.Train, model.InitialState(9), MnistFixture.All(300), Sgd with { Epochs = 1 }, Seed: 77);

        // Act
        var first = mnist.Trainer.Train(job);
        var second = mnist.Trainer.Train(job);

        // Assert
        Assert.Equal(first.State, second.State);
        Assert.Equal(first.MeanLoss, second.MeanLoss);
    }

    [Fact]
    public void Train_DifferentSeeds_ShuffleDifferently()
    {
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var job = new TrainJob(spec, MnistFixture.Train, model.InitialState(9), MnistFixture.All(500), Sgd with { Epochs = 1 }, Seed: 1);

        var first = mnist.Trainer.Train(job);
        var second = mnist.Trainer.Train(job with { Seed = 2 });

        Assert.NotEqual(first.State, second.State);
    }

    [Fact]
    public void Train_ConcurrentIdenticalJobs_AgreeBitForBit()
    {
        // Arrange: jobs on several threads at once must not disturb each other.
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var job = new TrainJob(spec, MnistFixture.Train, model.InitialState(4), MnistFixture.All(400), Sgd with { Epochs = 1 }, Seed: 5);

        // Act
        var results = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(_ => mnist.Trainer.Train(job).State).ToList();

        // Assert
        Assert.All(results, state => Assert.Equal(results[0], state));
    }

    [Fact]
    public void Train_Adam_LearnsToo()
    {
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var adam = new TrainingHyperParameters { Optimizer = OptimizerKind.Adam, LearningRate = 0.001, Epochs = 2, BatchSize = 32 };

        var trained = mnist.Trainer.Train(new TrainJob(spec, MnistFixture.Train, model.InitialState(42), MnistFixture.All(2_000), adam, Seed: 1));
        var accuracy = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained.State, MnistFixture.All(1_000))).Confusion.Accuracy;

        Assert.True(accuracy >= 0.8, $"accuracy {accuracy:P1}");
    }

    [Fact]
    public void Train_AllLabelsReplaced_TeachesTheReplacementLabel()
    {
        // Arrange: every sample relabelled 3, as a label-flipping transform would.
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var samples = MnistFixture.All(500) with { Labels = Enumerable.Repeat(3, 500).ToArray() };

        // Act
        var trained = mnist.Trainer.Train(new TrainJob(spec, MnistFixture.Train, model.InitialState(1), samples, Sgd with { Epochs = 1 }, Seed: 1));
        var confusion = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained.State, MnistFixture.All(1_000))).Confusion;

        // Assert: almost everything is predicted as 3.
        var predictedThree = Enumerable.Range(0, 10).Sum(t => confusion[t, 3]);
        Assert.True(predictedThree > 900, $"{predictedThree} of 1000 predicted as 3");
    }

    [Fact]
    public void Evaluate_PixelTrigger_IsPaintedOnFlaggedSamplesOnly()
    {
        // Arrange: a model trained to answer 7 whenever the bottom-right 4x4 patch is white.
        var spec = ModelZoo.Create("cnn-mnist");
        using var model = TorchModel.Create(spec);
        var trigger = new PixelTrigger(Top: 24, Left: 24, Height: 4, Width: 4, Value: 1f);
        var flagged = Enumerable.Range(0, 1_000).Select(i => i % 2 == 0).ToArray();
        var poisoned = MnistFixture.All(1_000) with
        {
            Triggered = flagged,
            Trigger = trigger,
            Labels = Enumerable.Range(0, 1_000).Select(i => flagged[i] ? 7 : mnist.TrainLabels[i]).ToArray(),
        };
        var trained = mnist.Trainer.Train(new TrainJob(spec, MnistFixture.Train, model.InitialState(3), poisoned, Sgd with { Epochs = 2, LearningRate = 0.05 }, Seed: 3));

        // Act
        var withTrigger = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained.State,
            MnistFixture.All(500) with { Triggered = Enumerable.Repeat(true, 500).ToArray(), Trigger = trigger }));
        var clean = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained.State, MnistFixture.All(500)));

        // Assert
        var triggeredAsSeven = Enumerable.Range(0, 10).Sum(t => withTrigger.Confusion[t, 7]) / 500.0;
        var cleanAsSeven = Enumerable.Range(0, 10).Sum(t => clean.Confusion[t, 7]) / 500.0;
        Assert.True(triggeredAsSeven > 0.8, $"{triggeredAsSeven:P0} of triggered samples predicted 7");
        Assert.True(cleanAsSeven < 0.3, $"{cleanAsSeven:P0} of clean samples predicted 7");
    }

    [Fact]
    public void Evaluate_SelectionInChunksOfWholeBatches_SumsToTheMatrixOfOneJob()
    {
        // Arrange: a briefly trained model, and 1,000 test samples with their own labels and every third one triggered.
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var trained = mnist.Trainer.Train(new TrainJob(spec, MnistFixture.Train, model.InitialState(5), MnistFixture.All(500), Sgd, Seed: 5)).State;
        var selection = MnistFixture.All(1_000) with
        {
            Labels = Enumerable.Range(0, 1_000).Select(i => (i * 7) % 10).ToArray(),
            Triggered = Enumerable.Range(0, 1_000).Select(i => i % 3 == 0).ToArray(),
            Trigger = new PixelTrigger(Top: 0, Left: 0, Height: 6, Width: 6, Value: 1f),
        };

        // Act: in chunks of two batches of 128, and in one job.
        var chunks = selection.Chunks(256);
        var parts = chunks.Select(c => mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained, c, BatchSize: 128)).Confusion).ToList();
        var whole = mnist.Trainer.Evaluate(new EvalJob(spec, MnistFixture.Test, trained, selection, BatchSize: 128)).Confusion;

        // Assert
        Assert.Equal([256, 256, 256, 232], chunks.Select(c => c.Count));
        Assert.Equal(whole.Counts.ToArray(), ConfusionMatrix.Sum(parts).Counts.ToArray());
        Assert.Equal(1_000, whole.Total);
    }

    [Fact]
    public void Train_IndexOutsideTheDataset_ThrowsTorchException()
    {
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);

        var error = Assert.Throws<TorchException>(() => mnist.Trainer.Train(
            new TrainJob(spec, MnistFixture.Train, model.InitialState(1), new SampleSelection(new[] { 0, 5_000 }), Sgd, Seed: 1)));

        Assert.Contains("outside the dataset", error.Message);
    }

    [Fact]
    public void Train_UnknownDataset_SaysWhatIsRegistered()
    {
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);

        var error = Assert.Throws<InvalidOperationException>(() => mnist.Trainer.Train(
            new TrainJob(spec, "cifar10", model.InitialState(1), MnistFixture.All(10), Sgd, Seed: 1)));

        Assert.Contains(MnistFixture.Train, error.Message);
    }
}
