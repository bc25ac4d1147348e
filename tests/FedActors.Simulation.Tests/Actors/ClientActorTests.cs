using FedActors.Actors.TestKit;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

public sealed class ClientActorTests(SyntheticTorchFixture torch) : TestKit, IClassFixture<SyntheticTorchFixture>
{
    private const ulong RunSeed = 42;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly int[] Shard = Enumerable.Range(0, 30).ToArray();

    [Fact]
    public void TrainRequest_BenignClient_RepliesUpdateSubmittedWithTrainedMinusGlobal()
    {
        // Arrange
        var models = new ModelStore();
        var hash = models.Put(torch.InitialState);
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 4));
        var client = Sys.ActorOf(ClientActor.Props(Setup(clientId: 3), pool, models));
        var expectedJob = new TrainJob(torch.Model, SyntheticTorchFixture.Dataset, torch.InitialState, new SampleSelection(Shard), SyntheticTorchFixture.Hyper, StableRandom.Derive(RunSeed, 2, 3));
        var trained = torch.Trainer.Train(expectedJob).State;

        // Act
        client.Tell(new TrainRequest(2, 77, hash, SyntheticTorchFixture.Hyper), TestActor);

        // Assert
        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal((2, 77L, 3, 30L), (update.Round, update.RequestId, update.ClientId, update.NumSamples));
        Assert.Equal(trained.Select((w, i) => w - torch.InitialState[i]), update.Update);
        Assert.Contains(update.Update, x => x != 0f);
        Assert.Equal(ModelHash.Sha256(update.Update), update.Sha256);

        // The update is the trainer's pooled result turned into the delta in place (no copy), and the global model
        // it was measured from is untouched.
        Assert.True(VectorPool.IsRented(update.Update));
        Assert.Equal(torch.InitialState, models.Get(hash));
    }

    [Fact]
    public void TrainRequest_TwoIdenticalRequestsInFlight_GiveIdenticalUpdates()
    {
        var models = new ModelStore();
        var hash = models.Put(torch.InitialState);
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 4));
        var client = Sys.ActorOf(ClientActor.Props(Setup(clientId: 5), pool, models));

        client.Tell(new TrainRequest(4, 1, hash, SyntheticTorchFixture.Hyper), TestActor);
        client.Tell(new TrainRequest(4, 2, hash, SyntheticTorchFixture.Hyper), TestActor);

        var updates = ReceiveN(2, Timeout).Cast<UpdateSubmitted>().OrderBy(u => u.RequestId).ToArray();
        Assert.Equal([1L, 2L], updates.Select(u => u.RequestId));
        Assert.Equal(updates[0].Update, updates[1].Update);
    }

    [Fact]
    public void TrainRequest_TrainingFails_ReportsTheFailureForThatRequest()
    {
        // Arrange: training fails for round 1 only, so round 1 gets a TrainingFailed and round 2 its update.
        using var trainer = new RecordingTrainer { FailWhen = job => job.Seed == StableRandom.Derive(RunSeed, 1, 8) };
        var models = new ModelStore();
        var hash = models.Put([0f, 0f, 0f]);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 4));
        var client = Sys.ActorOf(ClientActor.Props(Setup(clientId: 8), pool, models));

        // Act
        client.Tell(new TrainRequest(1, 10, hash, SyntheticTorchFixture.Hyper), TestActor);
        client.Tell(new TrainRequest(2, 11, hash, SyntheticTorchFixture.Hyper), TestActor);

        // Assert
        var failed = ExpectMsg<TrainingFailed>(Timeout);
        Assert.Equal((1, 10L, 8), (failed.Round, failed.RequestId, failed.ClientId));
        Assert.Contains("failed on purpose", failed.Reason, StringComparison.Ordinal);
        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal((2, 11L), (update.Round, update.RequestId));
        Assert.Equal([1f, 1f, 1f], update.Update);
    }

    [Fact]
    public void TrainRequest_MaliciousClient_HandsTheRequestToTheCoalitionOnly()
    {
        var models = new ModelStore();
        var hash = models.Put([0f]);
        var pool = CreateTestProbe();
        var coalition = CreateTestProbe();
        var client = Sys.ActorOf(ClientActor.Props(Setup(clientId: 6), pool.Ref, models, coalition.Ref));
        var request = new TrainRequest(3, 21, hash, SyntheticTorchFixture.Hyper);

        client.Tell(request, TestActor);

        var member = coalition.ExpectMsg<MemberTrainRequest>(Timeout);
        Assert.Equal(6, member.ClientId);
        Assert.Equal(Shard, member.Indices);
        Assert.Equal(request, member.Request);
        Assert.Same(TestActor, member.ReplyTo);
        pool.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void TrainRequest_MaliciousClientDuringLabelFlip_SubmitsADifferentUpdateThanWhenHonest()
    {
        // Arrange: the same client, round and seed, once honest and once through a label-flipping coalition.
        var models = new ModelStore();
        var hash = models.Put(torch.InitialState);
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 4));
        var coalitionSetup = new CoalitionSetup(
            SyntheticTorchFixture.Dataset, torch.Model, RunSeed, new AttackTiming(1, []), new LabelFlipPoisoning(SyntheticTorchFixture.Dataset, torch.Data.Labels, RunSeed, new LabelFlipSettings(0, 2, 1.0)));
        var coalition = Sys.ActorOf(AttackerCoalition.Props(coalitionSetup, pool, models));
        var honest = Sys.ActorOf(ClientActor.Props(Setup(clientId: 4), pool, models));
        var malicious = Sys.ActorOf(ClientActor.Props(Setup(clientId: 4), pool, models, coalition));

        // Act
        honest.Tell(new TrainRequest(1, 1, hash, SyntheticTorchFixture.Hyper), TestActor);
        var honestUpdate = ExpectMsg<UpdateSubmitted>(Timeout);
        malicious.Tell(new TrainRequest(1, 2, hash, SyntheticTorchFixture.Hyper), TestActor);
        var poisonedUpdate = ExpectMsg<UpdateSubmitted>(Timeout);

        // Assert
        Assert.Equal((1, 2L, 4, 30L), (poisonedUpdate.Round, poisonedUpdate.RequestId, poisonedUpdate.ClientId, poisonedUpdate.NumSamples));
        Assert.NotEqual(honestUpdate.Update, poisonedUpdate.Update);
    }

    [Fact]
    public void EvaluateRequest_BenignClient_RepliesConfusionOverExactlyItsShard()
    {
        // Arrange
        var models = new ModelStore();
        var hash = models.Put(torch.InitialState);
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 4));
        var client = Sys.ActorOf(ClientActor.Props(Setup(clientId: 3), pool, models));
        var expected = torch.Trainer.Evaluate(new EvalJob(torch.Model, SyntheticTorchFixture.Dataset, torch.InitialState, new SampleSelection(Shard))).Confusion;

        // Act
        client.Tell(new EvaluateRequest(2, 91, hash), TestActor);

        // Assert
        var report = ExpectMsg<EvaluationReport>(Timeout);
        Assert.Equal((2, 91L, 3), (report.Round, report.RequestId, report.ClientId));
        Assert.Equal(Shard.Length, report.Confusion.Total);
        Assert.Equal(
            Enumerable.Range(0, expected.Classes).Select(t => Enumerable.Range(0, expected.Classes).Select(p => expected[t, p]).ToArray()),
            Enumerable.Range(0, report.Confusion.Classes).Select(t => Enumerable.Range(0, report.Confusion.Classes).Select(p => report.Confusion[t, p]).ToArray()));
    }

    [Fact]
    public void EvaluateRequest_MaliciousClient_EvaluatesHonestlyThroughThePool()
    {
        var models = new ModelStore();
        var hash = models.Put(torch.InitialState);
        var pool = Sys.ActorOf(TrainerPool.Props(torch.Trainer, workers: 2, queueCapacity: 4));
        var coalition = CreateTestProbe();
        var client = Sys.ActorOf(ClientActor.Props(Setup(clientId: 6), pool, models, coalition.Ref));

        client.Tell(new EvaluateRequest(1, 5, hash), TestActor);

        var report = ExpectMsg<EvaluationReport>(Timeout);
        Assert.Equal((1, 5L, 6, 30L), (report.Round, report.RequestId, report.ClientId, report.Confusion.Total));
        coalition.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    private ClientSetup Setup(int clientId) => new(clientId, SyntheticTorchFixture.Dataset, Shard, torch.Model, RunSeed);
}
