using FedActors.Actors.TestKit;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

public sealed class ClientMaskingTests : TestKit
{
    private const ulong RunSeed = 5;
    private static readonly ModelSpec Model = ModelZoo.Mlp([8], [16], 3);

    [Fact]
    public void TrainRequest_BenignClientWithMasking_SubmitsItsUpdatePlusItsLaplaceNoise()
    {
        // Arrange
        using var trainer = new RecordingTrainer();
        var models = new ModelStore();
        var hash = models.Put([0f, 0f, 0f]);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 2));
        var setup = new ClientSetup(6, "fake", [0, 1, 2], Model, RunSeed) { Masking = new MaskingSettings(0.2) };
        var client = Sys.ActorOf(ClientActor.Props(setup, pool, models));

        // Act
        client.Tell(new TrainRequest(4, 1, hash, new TrainingHyperParameters()), TestActor);

        // Assert: the recording trainer's Δ is all ones.
        var update = ExpectMsg<UpdateSubmitted>(TimeSpan.FromSeconds(20));
        Assert.Equal(LaplaceMasking.Mask([1f, 1f, 1f], 0.2, LaplaceMasking.Seed(RunSeed, 4, 6)), update.Update);
        Assert.NotEqual([1f, 1f, 1f], update.Update);

        // The hash the aggregator journals is the masked update's, the one submitted.
        Assert.Equal(ModelHash.Sha256(update.Update), update.Sha256);
    }
}
