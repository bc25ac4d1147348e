using FedActors.Actors.TestKit;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

public sealed class TrainerPoolTests(SyntheticTorchFixture torch) : TestKit, IClassFixture<SyntheticTorchFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void RunTrainJob_RealTrainer_RepliesTrainJobCompletedWithTheTrainedState()
    {
        // Arrange
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 4));
        var job = new TrainJob(torch.Model, SyntheticTorchFixture.Dataset, torch.InitialState, new SampleSelection(Enumerable.Range(0, 30).ToArray()), SyntheticTorchFixture.Hyper, Seed: 3);

        // Act
        pool.Tell(new RunTrainJob(7, job), TestActor);

        // Assert
        var completed = ExpectMsg<TrainJobCompleted>(Timeout);
        Assert.Equal(7, completed.JobId);
        Assert.Equal(30, completed.Result.Samples);
        Assert.Equal(torch.InitialState.Length, completed.Result.State.Length);
        Assert.NotEqual(torch.InitialState, completed.Result.State);
    }

    [Fact]
    public void RunTrainJob_MoreJobsThanQueueCapacity_AllCompleteInOrderOnPoolThreads()
    {
        // Arrange: one worker held at the gate, a queue of 2, so most jobs wait in the pool's backlog.
        using var trainer = new RecordingTrainer(open: false);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 2));
        pool.Tell(new RunTrainJob(1, FakeJob(seed: 1)), TestActor);
        AwaitCondition(() => !trainer.TrainThreads.IsEmpty, Timeout);

        // Act
        for (var id = 2; id <= 10; id++)
        {
            pool.Tell(new RunTrainJob(id, FakeJob(seed: (ulong)id)), TestActor);
        }

        trainer.Open();

        // Assert
        var ids = ReceiveN(10, Timeout).Cast<TrainJobCompleted>().Select(c => c.JobId).ToArray();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), ids);
        Assert.All(trainer.TrainThreads, name => Assert.StartsWith("trainer-pool-", name, StringComparison.Ordinal));
    }

    [Fact]
    public void RunTrainJob_TrainerThrows_RepliesTrainJobFailedWithTheMessage()
    {
        using var trainer = new RecordingTrainer { FailWhen = job => job.Seed == 13 };
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 1));

        pool.Tell(new RunTrainJob(4, FakeJob(seed: 13)), TestActor);

        var failed = ExpectMsg<TrainJobFailed>(Timeout);
        Assert.Equal(4, failed.JobId);
        Assert.Equal("job with seed 13 failed on purpose", failed.Reason);
    }

    [Fact]
    public void RunTrainJob_AfterAFailedJob_PoolKeepsWorking()
    {
        using var trainer = new RecordingTrainer { FailWhen = job => job.Seed == 13 };
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 1));

        pool.Tell(new RunTrainJob(1, FakeJob(seed: 13)), TestActor);
        pool.Tell(new RunTrainJob(2, FakeJob(seed: 14)), TestActor);

        Assert.Equal(1, ExpectMsg<TrainJobFailed>(Timeout).JobId);
        Assert.Equal(2, ExpectMsg<TrainJobCompleted>(Timeout).JobId);
    }

    [Fact]
    public void RunEvalJob_RealTrainer_RepliesEvalJobCompletedWithAConfusionMatrixOverTheSamples()
    {
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 4));
        var job = new EvalJob(torch.Model, SyntheticTorchFixture.Dataset, torch.InitialState, new SampleSelection(Enumerable.Range(0, 60).ToArray()));

        pool.Tell(new RunEvalJob(9, job), TestActor);

        var completed = ExpectMsg<EvalJobCompleted>(Timeout);
        Assert.Equal(9, completed.JobId);
        Assert.Equal(60, completed.Result.Confusion.Total);
    }

    [Fact]
    public void RunEvalJob_UnknownDataset_RepliesEvalJobFailedNamingIt()
    {
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 1, queueCapacity: 1));
        var job = new EvalJob(torch.Model, "no-such-dataset", torch.InitialState, new SampleSelection([0]));

        pool.Tell(new RunEvalJob(5, job), TestActor);

        var failed = ExpectMsg<EvalJobFailed>(Timeout);
        Assert.Equal(5, failed.JobId);
        Assert.Contains("no-such-dataset", failed.Reason, StringComparison.Ordinal);
    }

    private static TrainJob FakeJob(ulong seed) =>
        new(ModelZoo.Mlp([8], [16], 3), "fake", [0f, 1f], new SampleSelection([0, 1, 2]), new TrainingHyperParameters(), seed);
}
