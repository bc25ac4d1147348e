using FedActors.Actors;
using FedActors.Actors.TestKit;
using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

public sealed class AttackerCoalitionTests : TestKit
{
    private const ulong RunSeed = 99;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly int[] Labels = SyntheticDataset.Generate(60, [8], classes: 3, seed: 11).Labels;
    private static readonly int[] Shard = Enumerable.Range(10, 40).ToArray();
    private static readonly ModelSpec Model = ModelZoo.Mlp([8], [16], 3);

    [Fact]
    public void MemberTrainRequest_FromStartRound_TrainsOnFlippedLabels()
    {
        // Arrange
        using var trainer = new RecordingTrainer();
        var (coalition, _) = Start(trainer, new LabelFlipSettings(0, 2, 0.5), startRound: 3);
        var expected = new LabelFlip(0, 2, 0.5).Apply(Shard, Labels, AttackerCoalition.LabelFlipSeed(RunSeed, 3, 7));

        // Act
        coalition.Tell(Member(clientId: 7, round: 3, requestId: 40), TestActor);

        // Assert
        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal((3, 40L, 7, 40L), (update.Round, update.RequestId, update.ClientId, update.NumSamples));
        Assert.Equal([1f, 1f], update.Update);
        var job = Assert.Single(trainer.TrainJobs);
        Assert.Equal(Shard, job.Samples.Indices);
        Assert.Equal(expected.Labels, job.Samples.Labels);
        Assert.Equal(StableRandom.Derive(RunSeed, 3, 7), job.Seed);
        var sources = Shard.Count(i => Labels[i] == 0);
        var flipped = Shard.Select((index, position) => Labels[index] == 0 && job.Samples.Labels![position] == 2).Count(f => f);
        Assert.Equal((int)Math.Round(sources * 0.5, MidpointRounding.AwayFromZero), flipped);
        Assert.All(Shard.Select((index, position) => (index, position)).Where(p => Labels[p.index] != 0), p => Assert.Equal(Labels[p.index], job.Samples.Labels![p.position]));
    }

    [Fact]
    public void MemberTrainRequest_BeforeStartRound_TrainsHonestly()
    {
        using var trainer = new RecordingTrainer();
        var (coalition, _) = Start(trainer, new LabelFlipSettings(0, 2, 1.0), startRound: 3);

        coalition.Tell(Member(clientId: 7, round: 2, requestId: 41), TestActor);

        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal((2, 41L, 7), (update.Round, update.RequestId, update.ClientId));
        var job = Assert.Single(trainer.TrainJobs);
        Assert.Equal(Shard, job.Samples.Indices);
        Assert.Null(job.Samples.Labels);
    }

    [Fact]
    public void MemberTrainRequest_NoAttackConfigured_TrainsHonestly()
    {
        using var trainer = new RecordingTrainer();
        var (coalition, _) = Start(trainer, labelFlip: null, startRound: 1);

        coalition.Tell(Member(clientId: 2, round: 5, requestId: 1), TestActor);

        ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Null(Assert.Single(trainer.TrainJobs).Samples.Labels);
    }

    [Fact]
    public void TrainRequest_ThroughAMaliciousClient_CoalitionRepliesToTheAggregator()
    {
        // Arrange
        using var trainer = new RecordingTrainer();
        var (coalition, hash) = Start(trainer, new LabelFlipSettings(1, 0, 1.0), startRound: 1);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 2));
        var client = Sys.ActorOf(ClientActor.Props(new ClientSetup(9, "fake", Shard, Model, RunSeed), pool, new ModelStore(), coalition));

        // Act
        client.Tell(new TrainRequest(1, 5, hash, new TrainingHyperParameters()), TestActor);

        // Assert
        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal((1, 5L, 9), (update.Round, update.RequestId, update.ClientId));
        var labels = Assert.Single(trainer.TrainJobs).Samples.Labels!;
        Assert.Equal(Shard.Select(i => Labels[i] == 1 ? 0 : Labels[i]), labels);
    }

    private (IActorRef Coalition, string ModelRef) Start(RecordingTrainer trainer, LabelFlipSettings? labelFlip, int startRound)
    {
        var models = new ModelStore();
        var hash = models.Put([0f, 0f]);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 2));
        var setup = new CoalitionSetup("fake", Labels, Model, RunSeed, startRound, labelFlip);
        return (Sys.ActorOf(AttackerCoalition.Props(setup, pool, models)), hash);
    }

    private MemberTrainRequest Member(int clientId, int round, long requestId) =>
        new(clientId, Shard, new TrainRequest(round, requestId, ModelHash.Sha256([0f, 0f]), new TrainingHyperParameters()), TestActor);
}
