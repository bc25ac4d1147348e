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
    public void RunTrainJob_BatchTrainer_TrainsWaitingJobsOfOneKeyTogetherAndAnswersEach()
    {
        // Arrange: the one worker is held on the first job while nine more of its key and one of another wait.
        using var trainer = new RecordingBatchTrainer(open: false);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 1));
        pool.Tell(new RunTrainJob(1, FakeJob(seed: 1)), TestActor);
        for (var id = 2; id <= 10; id++)
        {
            pool.Tell(new RunTrainJob(id, FakeJob(seed: (ulong)id)), TestActor);
        }

        pool.Tell(new RunTrainJob(11, FakeJob(seed: 5_000)), TestActor);

        // Act
        trainer.Open();

        // Assert: every job answered with its own result; no batch of one key mixed with the other key's job.
        var completed = ReceiveN(11, Timeout).Cast<TrainJobCompleted>().ToDictionary(c => c.JobId);
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), completed.Keys.Order());
        foreach (var (id, done) in completed)
        {
            var seed = id == 11 ? 5_000UL : (ulong)id;
            Assert.Equal(RecordingBatchTrainer.Result(FakeJob(seed)).State, done.Result.State);
        }

        Assert.Equal(11, trainer.BatchSizes.Sum());
        Assert.Contains(trainer.BatchSizes, size => size > 1);
    }

    [Fact]
    public void RunTrainJob_ABatchWithAFailingJob_FailsThatJobAloneAndCompletesTheOthers()
    {
        using var trainer = new RecordingBatchTrainer(open: false) { FailWhen = job => job.Seed == 4 };
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 1));
        for (var id = 1; id <= 6; id++)
        {
            pool.Tell(new RunTrainJob(id, FakeJob(seed: (ulong)id)), TestActor);
        }

        trainer.Open();

        var replies = ReceiveN(6, Timeout);
        Assert.Equal(4, Assert.Single(replies.OfType<TrainJobFailed>()).JobId);
        Assert.Equal([1L, 2, 3, 5, 6], replies.OfType<TrainJobCompleted>().Select(c => c.JobId).Order());
    }

    [Fact]
    public void RunTrainJob_RealBatchingTrainer_GivesEachJobWhatItGivesAloneBitForBit()
    {
        // Arrange: 12 jobs through two workers, batched as they happen to arrive.
        using var trainer = new TorchTrainer(batching: true);
        trainer.RegisterDataset(SyntheticTorchFixture.Dataset, torch.Data.Features, torch.Data.SampleShape, torch.Data.Labels, torch.Data.Classes);
        var jobs = Enumerable.Range(0, 12)
            .Select(i => new TrainJob(torch.Model, SyntheticTorchFixture.Dataset, torch.InitialState, new SampleSelection(Enumerable.Range(i * 3, 20).ToArray()), SyntheticTorchFixture.Hyper, Seed: (ulong)i))
            .ToList();
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 2, queueCapacity: 2));

        // Act
        for (var i = 0; i < jobs.Count; i++)
        {
            pool.Tell(new RunTrainJob(i, jobs[i]), TestActor);
        }

        // Assert
        var completed = ReceiveN(jobs.Count, Timeout).Cast<TrainJobCompleted>().ToList();
        Assert.True(trainer.Batches(torch.Model));
        foreach (var done in completed)
        {
            Assert.Equal(trainer.Train(jobs[(int)done.JobId]).State, done.Result.State);
        }
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
