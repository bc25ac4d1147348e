namespace FedActors.Simulation.Tests;

public sealed class SettingsConstraintTests
{
    [Theory]
    [InlineData("fedactors.run.name = \"\"", "\"\"", "fedactors.run.name must not be empty, but is ''")]
    [InlineData("fedactors.run.name = \"a/b\"", "\"a/b\"", "fedactors.run.name must be usable as a directory name (no '/', '\\' or ':'), but is 'a/b'")]
    [InlineData("fedactors.run.seed = -1", "-1", "fedactors.run.seed must be ≥ 0, but is -1")]
    [InlineData("fedactors.run.rounds = 0", "0", "fedactors.run.rounds must be ≥ 1, but is 0")]
    [InlineData("fedactors.run.clients = 0", "0", "fedactors.run.clients must be ≥ 1, but is 0")]
    [InlineData("fedactors.run.clients-per-round = 150", "150", "fedactors.run.clients-per-round must be ≤ fedactors.run.clients (100), but is 150")]
    [InlineData("fedactors.run.clients-per-round = 0", "0", "fedactors.run.clients-per-round must be ≥ 1, but is 0")]
    [InlineData("fedactors.run.round-timeout = 0s", "0s", "fedactors.run.round-timeout must be > 0, but is '0s'")]
    public void FromConfig_BadRunValue_FailsAtTheOverride(string experiment, string marker, string reason) =>
        SettingsConfigs.AssertFails(experiment, marker, reason);

    [Theory]
    [InlineData("fedactors.data.name = emnist", "emnist", "fedactors.data.name = 'emnist' is unknown; use one of mnist, fashion-mnist, cifar10, kddcup99, synthetic")]
    [InlineData("fedactors.data.cache-dir = \" \"", "\" \"", "fedactors.data.cache-dir must not be empty, but is ' '")]
    [InlineData("fedactors.data.partition = shuffled", "shuffled", "fedactors.data.partition = 'shuffled' is unknown; use one of iid, shards, dirichlet, per-label, quantity-skew")]
    [InlineData("fedactors.data.dirichlet-alpha = 0", "0", "fedactors.data.dirichlet-alpha must be finite and > 0, but is 0")]
    [InlineData("fedactors.data.quantity-skew-beta = -0.5", "-0.5", "fedactors.data.quantity-skew-beta must be finite and > 0, but is -0.5")]
    [InlineData("fedactors.data.per-label-count = 0", "0", "fedactors.data.per-label-count must be ≥ 1, but is 0")]
    [InlineData("fedactors.data.per-label-labels = [6, 10]", "10", "fedactors.data.per-label-labels[1] must be < the mnist class count (10), but is 10")]
    [InlineData("fedactors.data.per-label-labels = [6, -1]", "-1", "fedactors.data.per-label-labels[1] must be ≥ 0, but is -1")]
    [InlineData("fedactors.data.per-label-labels = [6, 2, 6]", "6]", "fedactors.data.per-label-labels[2] must differ from the other labels, but is 6")]
    [InlineData("fedactors.data.per-label-labels = []", "[]", "fedactors.data.per-label-labels must be a non-empty list of labels, but is an empty array")]
    [InlineData("fedactors.model.name = vgg", "vgg", "fedactors.model.name = 'vgg' is unknown; use one of mlp, cnn-mnist, cnn-sniper, pdgan-discriminator, pdgan-generator, kdd-fc, resnet18-light")]
    [InlineData("fedactors.model.hidden = [200, 0]", "0]", "fedactors.model.hidden[1] must be ≥ 1, but is 0")]
    [InlineData("fedactors.model.hidden = [1.5]", "1.5", "fedactors.model.hidden[0] must be a whole number, but is 1.5")]
    public void FromConfig_BadDataOrModelValue_FailsAtTheOverride(string experiment, string marker, string reason) =>
        SettingsConfigs.AssertFails(experiment, marker, reason);

    [Theory]
    [InlineData("fedactors.trainer.workers = -1", "-1", "fedactors.trainer.workers must be ≥ 0, but is -1")]
    [InlineData("fedactors.trainer.device = gpu", "gpu", "fedactors.trainer.device = 'gpu': unknown device 'gpu': use cpu, cuda or cuda:N")]
    [InlineData("fedactors.trainer.optimizer = rmsprop", "rmsprop", "fedactors.trainer.optimizer = 'rmsprop' is unknown; use one of sgd, adam")]
    [InlineData("fedactors.trainer.local-epochs = 0", "0", "fedactors.trainer.local-epochs must be ≥ 1, but is 0")]
    [InlineData("fedactors.trainer.batch-size = 0", "0", "fedactors.trainer.batch-size must be ≥ 1, but is 0")]
    [InlineData("fedactors.trainer.learning-rate = 0", "0", "fedactors.trainer.learning-rate must be finite and > 0, but is 0")]
    [InlineData("fedactors.trainer.momentum = 1.0", "1.0", "fedactors.trainer.momentum must be in [0, 1), but is 1.0")]
    [InlineData("fedactors.trainer.momentum = -0.1", "-0.1", "fedactors.trainer.momentum must be in [0, 1), but is -0.1")]
    [InlineData("fedactors.trainer.weight-decay = -1e-4", "-1e-4", "fedactors.trainer.weight-decay must be finite and ≥ 0, but is -1e-4")]
    [InlineData("fedactors.trainer.lr-decay = 0", "0", "fedactors.trainer.lr-decay must be in (0, 1], but is 0")]
    [InlineData("fedactors.trainer.lr-decay = 1.5", "1.5", "fedactors.trainer.lr-decay must be in (0, 1], but is 1.5")]
    public void FromConfig_BadTrainerValue_FailsAtTheOverride(string experiment, string marker, string reason) =>
        SettingsConfigs.AssertFails(experiment, marker, reason);

    [Theory]
    [InlineData("fedactors.attack.type = scaling", "scaling", "fedactors.attack.type = 'scaling' is unknown; use one of none, label-flip, distributed-flip, pixel-backdoor, semantic-backdoor")]
    [InlineData("fedactors.attack.rounds = [2, 10]", "10", "fedactors.attack.rounds[1] must be < fedactors.run.rounds (10), but is 10")]
    [InlineData("fedactors.attack.rounds = [-1]", "-1", "fedactors.attack.rounds[0] must be ≥ 0, but is -1")]
    [InlineData("fedactors.attack.masking.laplace-b = -0.1", "-0.1", "fedactors.attack.masking.laplace-b must be finite and ≥ 0, but is -0.1")]
    [InlineData("fedactors.attack { type = distributed-flip, distributed-flip.budget = 0 }", "0 }", "fedactors.attack.distributed-flip.budget must be ≥ 1, but is 0")]
    [InlineData("fedactors.attack { type = distributed-flip, distributed-flip.target = 6 }", "6 }", "fedactors.attack.distributed-flip.target must differ from fedactors.attack.distributed-flip.source (6), but is 6")]
    [InlineData("fedactors.attack { type = distributed-flip, distributed-flip.source = 10 }", "10", "fedactors.attack.distributed-flip.source must be a class of mnist, in [0, 10), but is 10")]
    [InlineData("fedactors.attack { type = pixel-backdoor, pixel-backdoor.fraction = 0 }", "0 }", "fedactors.attack.pixel-backdoor.fraction must be in (0, 1], but is 0")]
    [InlineData("fedactors.attack { type = pixel-backdoor, pixel-backdoor.trigger-size = 0 }", "0 }", "fedactors.attack.pixel-backdoor.trigger-size must be ≥ 1, but is 0")]
    [InlineData("fedactors.attack { type = pixel-backdoor, pixel-backdoor.trigger-value = bright }", "bright", "fedactors.attack.pixel-backdoor.trigger-value must be a finite number or max, but is 'bright'")]
    [InlineData("fedactors.attack { type = pixel-backdoor, pixel-backdoor.target = 10 }", "10", "fedactors.attack.pixel-backdoor.target must be a class of mnist, in [0, 10), but is 10")]
    [InlineData("fedactors.attack { type = semantic-backdoor, semantic-backdoor.held-out = 0 }", "0 }", "fedactors.attack.semantic-backdoor.held-out must be ≥ 1, but is 0")]
    [InlineData("fedactors.attack { type = semantic-backdoor, semantic-backdoor.train-members = 0 }", "0 }", "fedactors.attack.semantic-backdoor.train-members must be ≥ 1, but is 0")]
    [InlineData("fedactors.attack { type = semantic-backdoor, semantic-backdoor.variants = -1 }", "-1", "fedactors.attack.semantic-backdoor.variants must be ≥ 0, but is -1")]
    [InlineData("fedactors.data.labels = [6, 6]", "6]", "fedactors.data.labels[1] must differ from the other labels, but is 6")]
    [InlineData("fedactors.data.labels = [6, 10]", "10", "fedactors.data.labels[1] must be < the mnist class count (10), but is 10")]
    [InlineData("fedactors.attack.malicious-clients = 101", "101", "fedactors.attack.malicious-clients must be ≤ fedactors.run.clients (100), but is 101")]
    [InlineData("fedactors.attack.malicious-clients = -1", "-1", "fedactors.attack.malicious-clients must be ≥ 0, but is -1")]
    [InlineData("fedactors.attack.start-round = 0", "0", "fedactors.attack.start-round must be ≥ 1, but is 0")]
    [InlineData("fedactors.attack { type = label-flip, label-flip.source = 10 }", "10", "fedactors.attack.label-flip.source must be a class of mnist, in [0, 10), but is 10")]
    [InlineData("fedactors.attack { type = label-flip, label-flip.target = -1 }", "-1", "fedactors.attack.label-flip.target must be a class of mnist, in [0, 10), but is -1")]
    [InlineData("fedactors.attack { type = label-flip, label-flip.target = 1 }", "1 }", "fedactors.attack.label-flip.target must differ from fedactors.attack.label-flip.source (1), but is 1")]
    [InlineData("fedactors.attack { type = label-flip, label-flip.fraction = 0 }", "0 }", "fedactors.attack.label-flip.fraction must be in (0, 1], but is 0")]
    [InlineData("fedactors.attack { type = label-flip, label-flip.fraction = 1.5 }", "1.5", "fedactors.attack.label-flip.fraction must be in (0, 1], but is 1.5")]
    [InlineData("fedactors.persistence.journal = mongo", "mongo", "fedactors.persistence.journal = 'mongo' is unknown; use one of sqlite, postgres, in-memory")]
    [InlineData("fedactors.persistence.sqlite.synchronous = off", "off", "fedactors.persistence.sqlite.synchronous = 'off' is unknown; use one of normal, full")]
    [InlineData("fedactors.persistence.max-update-norm = 0", "0", "fedactors.persistence.max-update-norm must be finite and > 0, but is 0")]
    [InlineData("fedactors.persistence.store-updates = maybe", "maybe", "fedactors.persistence.store-updates must be a boolean (true/false, yes/no, on/off), but is the string \"maybe\"")]
    [InlineData("fedactors.metrics.eval-every = 0", "0", "fedactors.metrics.eval-every must be ≥ 1, but is 0")]
    [InlineData("fedactors.metrics.eval-chunk = 0", "0", "fedactors.metrics.eval-chunk must be ≥ 256, but is 0")]
    [InlineData("fedactors.metrics.eval-chunk = 1000", "1000", "fedactors.metrics.eval-chunk must be a multiple of 256, the evaluation batch, but is 1000")]
    public void FromConfig_BadAttackPersistenceOrMetricsValue_FailsAtTheOverride(string experiment, string marker, string reason) =>
        SettingsConfigs.AssertFails(experiment, marker, reason);

    [Fact]
    public void FromConfig_LabelFlipSettingsWithoutLabelFlip_AreNotChecked()
    {
        // Arrange: the label-flip block only matters when the attack is label-flip.
        var config = SettingsConfigs.Load("fedactors.attack.label-flip.source = 99");

        // Act
        var settings = SimulationSettings.FromConfig(config);

        // Assert
        Assert.Null(settings.Attack.LabelFlip);
    }

    [Fact]
    public void FromConfig_KddLabelFlip_AllowsTheTwentyThreeClasses()
    {
        // Arrange
        var config = SettingsConfigs.Load("fedactors { data.name = kddcup99, attack { type = label-flip, label-flip { source = 22, target = 11 } } }");

        // Act
        var settings = SimulationSettings.FromConfig(config);

        // Assert
        Assert.Equal(new LabelFlipSettings(22, 11, 1.0), settings.Attack.LabelFlip);
    }

    [Fact]
    public void FromConfig_EveryAttack_ReadsItsSettings()
    {
        // Arrange
        var distributed = SettingsConfigs.Load("fedactors.attack { type = distributed-flip, malicious-clients = 3, rounds = [4, 7], distributed-flip { source = 8, target = 4, budget = 400 }, masking.laplace-b = 0.01 }");
        var pixel = SettingsConfigs.Load("fedactors.attack { type = pixel-backdoor, pixel-backdoor { target = 3, fraction = 0.5, trigger-size = 2 } }");
        var pixelValue = SettingsConfigs.Load("fedactors.attack { type = pixel-backdoor, pixel-backdoor.trigger-value = 0.75 }");
        var semantic = SettingsConfigs.Load("fedactors { data.labels = [1, 7], attack { type = semantic-backdoor, semantic-backdoor { train-members = 5, held-out = 3, variants = 20 } } }");

        // Act
        var d = SimulationSettings.FromConfig(distributed);
        var p = SimulationSettings.FromConfig(pixel).Attack;
        var v = SimulationSettings.FromConfig(pixelValue).Attack;
        var s = SimulationSettings.FromConfig(semantic);

        // Assert
        Assert.Equal(AttackKind.DistributedFlip, d.Attack.Kind);
        Assert.Equal(new DistributedFlipSettings(8, 4, 400), d.Attack.DistributedFlip);
        Assert.Equal(new AttackTiming(1, [4, 7]), d.Attack.Timing);
        Assert.Equal(0.01, d.Attack.Masking.LaplaceB);
        Assert.Equal(new PixelBackdoorSettings(3, 0.5, 2, null), p.PixelBackdoor);
        Assert.Equal(0.75, v.PixelBackdoor!.TriggerValue);
        Assert.Equal(new SemanticBackdoorSettings(1, 7, 5, 3, 20), s.Attack.SemanticBackdoor);
        Assert.Equal([1, 7], s.Data.Labels);
        Assert.Null(s.Attack.LabelFlip);
    }
}
