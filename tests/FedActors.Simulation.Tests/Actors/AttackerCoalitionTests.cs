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
        var expected = new LabelFlip(0, 2, 0.5).Apply(Shard, Labels, LabelFlipPoisoning.Seed(RunSeed, 3, 7));

        // Act
        coalition.Tell(Member(clientId: 7, round: 3, requestId: 40), TestActor);

        // Assert
        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal((3, 40L, 7, 40L), (update.Round, update.RequestId, update.ClientId, update.NumSamples));
        Assert.Equal([1f, 1f], update.Update);
        Assert.Equal(ModelHash.Sha256(update.Update), update.Sha256);
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

    [Fact]
    public void MemberTrainRequest_SingleShotRounds_PoisonsOnlyInThoseRounds()
    {
        // Arrange: start-round 1 is overridden by the listed rounds.
        using var trainer = new RecordingTrainer();
        var (coalition, _) = Start(trainer, FlipAll(), new AttackTiming(1, [2, 4]));

        // Act: one request per round, each answered before the next.
        var poisoned = new List<bool>();
        for (var round = 0; round < 6; round++)
        {
            coalition.Tell(Member(clientId: 7, round, requestId: round), TestActor);
            ExpectMsg<UpdateSubmitted>(Timeout);
            poisoned.Add(trainer.TrainJobs.Last().Samples.Labels is not null);
        }

        // Assert
        Assert.Equal([false, false, true, false, true, false], poisoned);
    }

    [Fact]
    public void MemberTrainRequest_DistributedFlip_EachMemberPoisonsItsShareOfTheBudget()
    {
        // Arrange: members 3, 5 and 8 share S = 10 poisoned samples (4, 3 and 3 by ascending id).
        using var trainer = new RecordingTrainer();
        var shards = new Dictionary<int, IReadOnlyList<int>> { [8] = Enumerable.Range(0, 10).ToArray(), [3] = Enumerable.Range(10, 10).ToArray(), [5] = Enumerable.Range(20, 10).ToArray() };
        var poisoning = new DistributedFlipPoisoning("fake", Labels, RunSeed, new DistributedFlipSettings(0, 2, 10), shards);
        var (coalition, _) = Start(trainer, poisoning, new AttackTiming(1, []));

        // Act: the members ask in an order unlike their ids, in two rounds.
        var jobs = new Dictionary<(int Client, int Round), SampleSelection>();
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var client in new[] { 8, 3, 5 })
            {
                coalition.Tell(new MemberTrainRequest(client, shards[client], Request(round, requestId: client), TestActor), TestActor);
                ExpectMsg<UpdateSubmitted>(Timeout);
                jobs[(client, round)] = trainer.TrainJobs.Last().Samples;
            }
        }

        // Assert: S/P each (remainder to the lowest ids), every poisoned sample a source sample now labeled target.
        var expectedShares = new Dictionary<int, int> { [3] = 4, [5] = 3, [8] = 3 };
        foreach (var (client, share) in expectedShares)
        {
            var samples = jobs[(client, 1)];
            var changed = samples.Indices.Select((index, position) => (index, label: samples.Labels![position]))
                .Where((p, position) => position >= shards[client].Count || p.label != Labels[p.index]).ToList();
            Assert.Equal(share, changed.Count);
            Assert.All(changed, p => Assert.Equal((0, 2), (Labels[p.index], p.label)));
            Assert.Equal(samples.Indices, jobs[(client, 2)].Indices);
            Assert.Equal(samples.Labels, jobs[(client, 2)].Labels);
        }
    }

    [Fact]
    public void MemberTrainRequest_WithMasking_SubmitsTheUpdatePlusItsLaplaceNoise()
    {
        // Arrange
        using var trainer = new RecordingTrainer();
        var models = new ModelStore();
        var hash = models.Put([0f, 0f]);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 2));
        var setup = new CoalitionSetup("fake", Model, RunSeed, new AttackTiming(1, []), FlipAll()) { Masking = new MaskingSettings(0.5) };
        var coalition = Sys.ActorOf(AttackerCoalition.Props(setup, pool, models));

        // Act
        coalition.Tell(Member(clientId: 7, round: 3, requestId: 1), TestActor);

        // Assert: the recording trainer's Δ is [1, 1]; the noise is the member's own (run seed, round, client) draw.
        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal(LaplaceMasking.Mask([1f, 1f], 0.5, LaplaceMasking.Seed(RunSeed, 3, 7)), update.Update);
        Assert.NotEqual([1f, 1f], update.Update);
    }

    private static LabelFlipPoisoning FlipAll() => new("fake", Labels, RunSeed, new LabelFlipSettings(0, 2, 1.0));

    private (IActorRef Coalition, string ModelRef) Start(RecordingTrainer trainer, LabelFlipSettings? labelFlip, int startRound) =>
        Start(trainer, labelFlip is null ? null : new LabelFlipPoisoning("fake", Labels, RunSeed, labelFlip), new AttackTiming(startRound, []));

    private (IActorRef Coalition, string ModelRef) Start(RecordingTrainer trainer, IDataPoisoning? poisoning, AttackTiming timing)
    {
        var models = new ModelStore();
        var hash = models.Put([0f, 0f]);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 2));
        var setup = new CoalitionSetup("fake", Model, RunSeed, timing, poisoning);
        return (Sys.ActorOf(AttackerCoalition.Props(setup, pool, models)), hash);
    }

    private static TrainRequest Request(int round, long requestId) =>
        new(round, requestId, ModelHash.Sha256([0f, 0f]), new TrainingHyperParameters());

    private MemberTrainRequest Member(int clientId, int round, long requestId) =>
        new(clientId, Shard, new TrainRequest(round, requestId, ModelHash.Sha256([0f, 0f]), new TrainingHyperParameters()), TestActor);
}
