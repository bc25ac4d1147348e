using FedActors.Data;
using FedActors.Hocon;
using FedActors.Persistence;
using FedActors.Torch;

namespace FedActors.Simulation.Tests;

public sealed class SimulationSettingsTests
{
    [Fact]
    public void FromConfig_ReferenceOnly_GivesTheDefaults()
    {
        // Act
        var settings = SimulationSettings.FromConfig(SettingsConfigs.Load(string.Empty));

        // Assert
        Assert.Equal(new RunSettings("experiment", 42UL, 10, 100, 10, TimeSpan.FromSeconds(60)), settings.Run);
        Assert.Equal("mnist", settings.Data.Name);
        Assert.Equal("/home/tester/.cache/fedactors", settings.Data.CacheDir);
        Assert.Equal(10, settings.Data.Classes);
        Assert.Equal("iid", settings.Data.Partition.Kind);
        Assert.Equal(0.5, settings.Data.Partition.DirichletAlpha);
        Assert.Equal(new[] { 6, 2 }, settings.Data.Partition.PerLabelLabels);
        Assert.Equal(250, settings.Data.Partition.PerLabelCount);
        Assert.Equal(0.5, settings.Data.Partition.QuantitySkewBeta);
        Assert.Equal("cnn-mnist", settings.Model.Name);
        Assert.Equal(new[] { 200 }, settings.Model.Hidden);
        Assert.Equal(new TrainerSettings(0, TorchDevice.Cpu, OptimizerKind.Sgd, 1, 32, 0.01, 0.0, 0.0, 1.0), settings.Trainer);
        Assert.Equal(Environment.ProcessorCount, settings.Trainer.EffectiveWorkers);
        Assert.Equal(new AttackSettings(AttackKind.None, 0, new AttackTiming(1, []), null), settings.Attack);
        Assert.Equal(MaskingSettings.Off, settings.Attack.Masking);
        Assert.Empty(settings.Data.Labels);
        var stage = Assert.IsType<FedAvgStageSettings>(Assert.Single(settings.Defense.Pipeline));
        Assert.Equal(FedAvgWeighting.Samples, stage.Weighting);
        Assert.Equal(1.0, stage.ServerLearningRate);
        Assert.Same(stage, settings.Defense.Aggregator);
        Assert.Equal(new PersistenceSettings(JournalKind.Sqlite, false, 1.0e6, SqliteSynchronous: SqliteSynchronous.Full), settings.Persistence);
        Assert.Equal(new MetricsSettings(1, true), settings.Metrics);
    }

    [Fact]
    public void FromConfig_Overrides_AreRead()
    {
        // Arrange
        var config = SettingsConfigs.Load("""
            fedactors {
              run { name = sniper, seed = 7, rounds = 3, clients = 20, clients-per-round = 20, round-timeout = 2m }
              data { name = kddcup99, partition = per-label, per-label-labels = [22, 0], per-label-count = 5, cache-dir = /data }
              model { name = mlp, hidden = [64, 32] }
              trainer { workers = 3, optimizer = adam, local-epochs = 2, batch-size = 8, learning-rate = 0.1, momentum = 0.9, weight-decay = 1e-4, lr-decay = 0.5 }
              attack { type = label-flip, malicious-clients = 20, start-round = 2, label-flip { source = 22, target = 0, fraction = 0.5 } }
              defense.pipeline = [{ type = fedavg, weighting = uniform, server-learning-rate = 0.5 }]
              persistence { journal = in-memory, store-updates = on, max-update-norm = 10, sqlite.synchronous = normal }
              metrics { eval-every = 5, csv = off }
            }
            """);

        // Act
        var settings = SimulationSettings.FromConfig(config);

        // Assert
        Assert.Equal(new RunSettings("sniper", 7UL, 3, 20, 20, TimeSpan.FromMinutes(2)), settings.Run);
        Assert.Equal(23, settings.Data.Classes);
        Assert.Equal("/data", settings.Data.CacheDir);
        Assert.Equal("per-label", settings.Data.Partition.Kind);
        Assert.Equal(new[] { 22, 0 }, settings.Data.Partition.PerLabelLabels);
        Assert.Equal(5, settings.Data.Partition.PerLabelCount);
        Assert.NotNull(Partitioners.Create(settings.Data.Partition));
        Assert.Equal(new[] { 64, 32 }, settings.Model.Hidden);
        Assert.Equal(new TrainerSettings(3, TorchDevice.Cpu, OptimizerKind.Adam, 2, 8, 0.1, 0.9, 1e-4, 0.5), settings.Trainer);
        Assert.Equal(3, settings.Trainer.EffectiveWorkers);
        Assert.Equal(new AttackSettings(AttackKind.LabelFlip, 20, new AttackTiming(2, []), new LabelFlipSettings(22, 0, 0.5)), settings.Attack);
        var stage = Assert.IsType<FedAvgStageSettings>(Assert.Single(settings.Defense.Pipeline));
        Assert.Equal((FedAvgWeighting.Uniform, 0.5), (stage.Weighting, stage.ServerLearningRate));
        Assert.Equal(new PersistenceSettings(JournalKind.InMemory, true, 10, SqliteSynchronous: SqliteSynchronous.Normal), settings.Persistence);
        Assert.Equal(new MetricsSettings(5, false), settings.Metrics);
    }

    [Fact]
    public void FromConfig_WithoutReference_NamesTheMissingKey()
    {
        // Arrange
        var config = ConfigurationFactory.ParseString("fedactors.run.name = x", "bare.conf").Resolve(_ => null);

        // Act
        var error = Assert.Throws<HoconException>(() => SimulationSettings.FromConfig(config));

        // Assert
        Assert.Equal("bare.conf: fedactors.run.seed is not set", error.Message);
    }

    [Fact]
    public void FromConfig_WrongType_FailsAtTheValue()
    {
        SettingsConfigs.AssertFails(
            "fedactors.run.clients = many",
            "many",
            "fedactors.run.clients must be a whole number, but is the string \"many\"");
    }

    [Fact]
    public void FromConfig_SecondLineOverride_ReportsItsLine()
    {
        SettingsConfigs.AssertFails(
            "fedactors.run.clients = 100\nfedactors.run.clients-per-round = 150",
            "150",
            "fedactors.run.clients-per-round must be ≤ fedactors.run.clients (100), but is 150");
    }
}
