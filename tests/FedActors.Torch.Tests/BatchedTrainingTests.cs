using FedActors.Data;

namespace FedActors.Torch.Tests;

/// <summary>Batched client training against training each client alone (the fixture's trainer has batching off).</summary>
public sealed class BatchedTrainingTests(MnistFixture mnist) : IClassFixture<MnistFixture>, IDisposable
{
    private static readonly TrainingHyperParameters Sgd = new() { LearningRate = 0.05, Epochs = 2, BatchSize = 10 };

    private readonly TorchTrainer _batched = Batching();

    public static TheoryData<string, TrainingHyperParameters> Optimizers => new()
    {
        { "sgd", Sgd },
        { "sgd momentum, weight decay, lr decay", Sgd with { Momentum = 0.5, WeightDecay = 1e-3, LrDecay = 0.9 } },
        { "adam", Sgd with { Optimizer = OptimizerKind.Adam, LearningRate = 1e-3, WeightDecay = 1e-3 } },
    };

    public void Dispose() => _batched.Dispose();

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void TrainBatch_EveryClient_AgreesWithItsUnbatchedTrainingWithin1e5Relative(string name, TrainingHyperParameters hyper)
    {
        // Arrange: 7 clients with their own starting states, samples (95 each: a short last batch) and seeds.
        var jobs = Jobs(ModelZoo.Create("mlp"), 7, 95, hyper);

        // Act
        var together = _batched.TrainBatch(jobs);

        // Assert
        Assert.Equal(jobs.Count, together.Count);
        for (var c = 0; c < jobs.Count; c++)
        {
            var alone = mnist.Trainer.Train(jobs[c]);
            var difference = RelativeDifference(together[c].State, alone.State);
            Assert.True(difference <= 1e-5, $"{name}, client {c}: relative difference {difference:E2}");
            Assert.Equal(alone.MeanLoss, together[c].MeanLoss, 1e-5);
            Assert.Equal(95, together[c].Samples);
            Assert.NotEqual(jobs[c].InitialState, together[c].State);
        }
    }

    [Fact]
    public void TrainBatch_AClientsResult_DoesNotDependOnWhichClientsShareItsBatch()
    {
        // Arrange
        var jobs = Jobs(ModelZoo.Create("mlp"), 6, 40, Sgd with { Momentum = 0.9 });

        // Act
        var all = _batched.TrainBatch(jobs);
        var reversed = _batched.TrainBatch(jobs.AsEnumerable().Reverse().ToList());
        var alone = jobs.Select(job => _batched.TrainBatch([job])[0]).ToList();
        var throughTrain = _batched.Train(jobs[2]);

        // Assert: bit for bit
        for (var c = 0; c < jobs.Count; c++)
        {
            Assert.Equal(alone[c].State, all[c].State);
            Assert.Equal(alone[c].State, reversed[jobs.Count - 1 - c].State);
            Assert.Equal(alone[c].MeanLoss, all[c].MeanLoss);
        }

        Assert.Equal(alone[2].State, throughTrain.State);
    }

    [Fact]
    public void TrainBatch_PoisonedClients_AgreeWithTheirUnbatchedTraining()
    {
        // Arrange: client 1 flips every label to 7, client 2 paints a trigger on half its samples and labels them 0.
        var trigger = new PixelTrigger(0, 0, 4, 4, 1f);
        var jobs = Jobs(ModelZoo.Create("mlp"), 3, 50, Sgd).Select((job, c) => c switch
        {
            1 => job with { Samples = job.Samples with { Labels = Enumerable.Repeat(7, 50).ToArray(), Trigger = trigger } },
            2 => job with
            {
                Samples = job.Samples with
                {
                    Labels = job.Samples.Indices.Select((s, i) => i % 2 == 0 ? 0 : mnist.TrainLabels[s]).ToArray(),
                    Triggered = Enumerable.Range(0, 50).Select(i => i % 2 == 0).ToArray(),
                    Trigger = trigger,
                },
            },
            _ => job with { Samples = job.Samples with { Trigger = trigger } },
        }).ToList();

        // Act
        var together = _batched.TrainBatch(jobs);

        // Assert
        for (var c = 0; c < jobs.Count; c++)
        {
            var difference = RelativeDifference(together[c].State, mnist.Trainer.Train(jobs[c]).State);
            Assert.True(difference <= 1e-5, $"client {c}: relative difference {difference:E2}");
        }
    }

    [Fact]
    public void Batches_FullyConnectedModelsOnly()
    {
        Assert.True(_batched.Batches(ModelZoo.Create("mlp")));
        Assert.True(_batched.Batches(ModelZoo.Create("mlp", hidden: [64, 32])));
        Assert.False(_batched.Batches(ModelZoo.Create("cnn-mnist")));
        Assert.False(mnist.Trainer.Batches(ModelZoo.Create("mlp")));
    }

    [Fact]
    public void Train_ConvolutionalModelOnABatchingTrainer_IsTheUnbatchedTrainingBitForBit()
    {
        var job = Jobs(ModelZoo.Create("cnn-mnist"), 1, 30, Sgd with { Epochs = 1 })[0];

        Assert.Null(_batched.BatchKey(job));
        Assert.Equal(mnist.Trainer.Train(job).State, _batched.Train(job).State);
    }

    [Fact]
    public void TrainBatch_JobsOfDifferentSampleCounts_AreRefused()
    {
        var jobs = Jobs(ModelZoo.Create("mlp"), 2, 20, Sgd);
        jobs[1] = jobs[1] with { Samples = new SampleSelection(Enumerable.Range(0, 21).ToArray()) };

        Assert.NotEqual(_batched.BatchKey(jobs[0]), _batched.BatchKey(jobs[1]));
        var error = Assert.Throws<ArgumentException>(() => _batched.TrainBatch(jobs));
        Assert.Contains("share model, dataset, hyper-parameters, sample count", error.Message);
    }

    [Fact]
    public void TrainBatch_AnIndexOutsideTheDataset_ThrowsTorchException()
    {
        var jobs = Jobs(ModelZoo.Create("mlp"), 2, 20, Sgd);
        jobs[1] = jobs[1] with { Samples = new SampleSelection(Enumerable.Range(1_990, 20).ToArray()) };

        var error = Assert.Throws<TorchException>(() => _batched.TrainBatch(jobs));
        Assert.Contains("outside the dataset", error.Message);
    }

    [Fact]
    public void TrainBatch_ResultsAreRentedFromTheTrainersPool_AndReleasedOnesAreReusedWhole()
    {
        // Arrange: a trainer with its own pool.
        using var trainer = Batching(new VectorPool(1 << 26));
        var jobs = Jobs(ModelZoo.Create("mlp"), 3, 30, Sgd);

        // Act: train, release every result, train again.
        var first = trainer.TrainBatch(jobs);
        var copies = first.Select(r => (float[])r.State.Clone()).ToList();
        Assert.All(first, r => Assert.True(VectorPool.IsRented(r.State)));
        foreach (var result in first)
        {
            Assert.True(VectorPool.Release(result.State));
        }

        var second = trainer.TrainBatch(jobs);

        // Assert: the second batch got the same three arrays back, every value overwritten with the same result.
        Assert.Equal(3, trainer.States.Allocated);
        Assert.Equal(3, trainer.States.Reused);
        Assert.All(second, r => Assert.Contains(first, f => ReferenceEquals(f.State, r.State)));
        for (var c = 0; c < jobs.Count; c++)
        {
            Assert.Equal(copies[c], second[c].State);
        }
    }

    [Fact]
    public void Train_UnbatchedModel_ResultIsRentedToo()
    {
        var spec = ModelZoo.Create("cnn-mnist");
        using var model = TorchModel.Create(spec);
        var job = new TrainJob(spec, MnistFixture.Train, model.InitialState(1), new SampleSelection(Enumerable.Range(0, 10).ToArray()), Sgd with { Epochs = 1 }, Seed: 3);

        var result = mnist.Trainer.Train(job);

        Assert.True(VectorPool.IsRented(result.State));
        Assert.Same(VectorPool.Shared, mnist.Trainer.States);
    }

    private static List<TrainJob> Jobs(ModelSpec spec, int clients, int samples, TrainingHyperParameters hyper)
    {
        using var model = TorchModel.Create(spec);
        return Enumerable.Range(0, clients)
            .Select(c => new TrainJob(spec, MnistFixture.Train, model.InitialState((ulong)c + 1),
                new SampleSelection(Enumerable.Range(c * 100, samples).ToArray()), hyper, Seed: (ulong)c + 10))
            .ToList();
    }

    /// <summary>‖a − b‖ / ‖b‖, accumulated in double.</summary>
    private static double RelativeDifference(float[] a, float[] b)
    {
        Assert.Equal(b.Length, a.Length);
        double difference = 0, norm = 0;
        for (var i = 0; i < a.Length; i++)
        {
            difference += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
            norm += (double)b[i] * b[i];
        }

        return Math.Sqrt(difference / norm);
    }

    private static TorchTrainer Batching(VectorPool? states = null)
    {
        var trainer = new TorchTrainer(batching: true, states: states);
        var train = MnistLoader.Load(train: true);
        trainer.RegisterDataset(MnistFixture.Train, train.Features.AsSpan(0, 2_000 * train.SampleSize), train.SampleShape, train.Labels.AsSpan(0, 2_000), train.Classes);
        return trainer;
    }
}
