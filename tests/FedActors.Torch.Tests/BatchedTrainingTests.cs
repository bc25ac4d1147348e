using FedActors.Data;
using Xunit.Abstractions;

namespace FedActors.Torch.Tests;

public sealed class BatchedTrainingTests(MnistFixture mnist, ITestOutputHelper output) : IClassFixture<MnistFixture>
{
    private static readonly TrainingHyperParameters Sgd = new() { LearningRate = 0.05, Momentum = 0.5, Epochs = 2, BatchSize = 10 };

    [Fact]
    public void Explore()
    {
        using var batched = new TorchTrainer(batching: true);
        var train = MnistLoader.Load(train: true);
        batched.RegisterDataset(MnistFixture.Train, train.Features.AsSpan(0, 2000 * train.SampleSize), train.SampleShape, train.Labels.AsSpan(0, 2000), train.Classes);
        var spec = ModelZoo.Create("mlp");
        using var model = TorchModel.Create(spec);
        var jobs = Enumerable.Range(0, 7).Select(c => new TrainJob(spec, MnistFixture.Train, model.InitialState((ulong)c + 1),
            new SampleSelection(Enumerable.Range(c * 100, 95).ToArray()), Sgd, Seed: (ulong)c + 10)).ToList();
        var together = batched.TrainBatch(jobs);
        for (var c = 0; c < jobs.Count; c++)
        {
            var alone = batched.TrainBatch([jobs[c]])[0];
            var reference = mnist.Trainer.Train(jobs[c]);
            double diff = 0, norm = 0, diff2 = 0; int same = 0;
            for (var i = 0; i < reference.State.Length; i++)
            {
                diff += Math.Pow(together[c].State[i] - reference.State[i], 2);
                diff2 += Math.Pow(together[c].State[i] - alone.State[i], 2);
                norm += Math.Pow(reference.State[i], 2);
                if (together[c].State[i] == reference.State[i]) same++;
            }
            output.WriteLine($"client {c}: rel diff vs unbatched {Math.Sqrt(diff / norm):E3}, identical {same}/{reference.State.Length}, vs alone {Math.Sqrt(diff2):E3}, loss {together[c].MeanLoss} vs {reference.MeanLoss}");
        }
    }
}
