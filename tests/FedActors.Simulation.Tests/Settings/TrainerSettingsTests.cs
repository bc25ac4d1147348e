using FedActors.Hocon;
using FedActors.Torch;

namespace FedActors.Simulation.Tests;

public sealed class TrainerSettingsTests
{
    [Fact]
    public void ToHyperParameters_ConfiguredTrainer_MapsEverySetting()
    {
        // Arrange
        var config = SettingsConfigs.Load(
            "fedactors.trainer { optimizer = adam, local-epochs = 3, batch-size = 16, learning-rate = 0.05, momentum = 0.5, weight-decay = 0.001, lr-decay = 0.9 }");
        var trainer = SimulationSettings.FromConfig(config).Trainer;

        // Act
        var hyper = trainer.ToHyperParameters();

        // Assert
        Assert.Equal(
            new TrainingHyperParameters
            {
                Optimizer = OptimizerKind.Adam,
                Epochs = 3,
                BatchSize = 16,
                LearningRate = 0.05,
                Momentum = 0.5,
                WeightDecay = 0.001,
                LrDecay = 0.9,
            },
            hyper);
    }

    [Fact]
    public void ToHyperParameters_ReferenceDefaults_MatchTheTrainerDefaults()
    {
        // Act
        var hyper = SimulationSettings.FromConfig(SettingsConfigs.Load(string.Empty)).Trainer.ToHyperParameters();

        // Assert: reference.conf and TrainingHyperParameters agree on every default.
        Assert.Equal(new TrainingHyperParameters(), hyper);
    }

    [Fact]
    public void FromConfig_CudaDevice_FailsAtTheValueWithoutAGpu()
    {
        // Arrange
        const string experiment = "fedactors.trainer.device = \"cuda:0\"";
        var config = SettingsConfigs.Load(experiment);

        // Act
        if (CudaDevices() > 0)
        {
            Assert.True(SimulationSettings.FromConfig(config).Trainer.Device.IsCuda);
            return;
        }

        var error = Assert.Throws<HoconException>(() => SimulationSettings.FromConfig(config));

        // Assert
        Assert.Equal(new HoconPosition(SettingsConfigs.Origin, 1, 28), error.Position);
        Assert.StartsWith("fedactors.trainer.device = 'cuda:0': ", error.Reason);
    }

    private static int CudaDevices()
    {
        try
        {
            return TorchRuntime.CudaDeviceCount;
        }
        catch (TorchException)
        {
            return 0;
        }
    }
}
