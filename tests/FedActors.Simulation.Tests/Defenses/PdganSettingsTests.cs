namespace FedActors.Simulation.Tests.Defenses;

public sealed class PdganSettingsTests
{
    [Fact]
    public void Pdgan_ReadsItsSettings_WithDefaults()
    {
        var settings = SimulationSettings.FromConfig(SettingsConfigs.Load(
            "fedactors.defense.pipeline = [{ type = pdgan, auxiliary-classes = [0, 4], threshold = 0.9, d-iter = 3, threshold-mode = relative }, { type = fedavg }]"));

        var pdgan = Assert.IsType<PdganStageSettings>(settings.Defense.Pipeline[0]);
        Assert.Equal(3, pdgan.DIter);
        Assert.Equal(0.9, pdgan.Threshold);
        Assert.Equal(PdganThresholdMode.Relative, pdgan.ThresholdMode);
        Assert.Equal([0, 4], pdgan.AuxiliaryClasses);
        Assert.Equal((1000, 500, 50, 32, 2e-4, 100), (pdgan.AuxiliarySamples, pdgan.GeneratedSamples, pdgan.GanSteps, pdgan.BatchSize, pdgan.LearningRate, pdgan.NoiseDim));
        Assert.True(DefensePipeline.NeedsServices(pdgan));
    }

    [Fact]
    public void Pdgan_WithoutThreshold_SaysWhatEtaIs()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = pdgan, auxiliary-classes = [0] }, { type = fedavg }]",
            "{ type = pdgan",
            "fedactors.defense.pipeline[0].threshold is not set: pdgan needs η, the accuracy on the generated samples below which a client is dropped " +
            "(002 Alg. 1; in [0, 1], or a share of the median with threshold-mode = relative)");
    }

    [Fact]
    public void Pdgan_ThresholdAboveOne_IsOutOfRange()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = pdgan, auxiliary-classes = [0], threshold = 1.5 }, { type = fedavg }]",
            "1.5",
            "fedactors.defense.pipeline[0].threshold must be in [0, 1], but is 1.5");
    }

    [Fact]
    public void Pdgan_RepeatedAuxiliaryClass_PointsAtTheRepeat()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = pdgan, auxiliary-classes = [0, 4, 0], threshold = 0.9 }, { type = fedavg }]",
            "0], threshold",
            "fedactors.defense.pipeline[0].auxiliary-classes[2] must differ from the other classes, but is 0");
    }

    [Fact]
    public void Pdgan_UnknownMode_ListsTheModes()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = pdgan, auxiliary-classes = [0], threshold = 0.9, threshold-mode = median }, { type = fedavg }]",
            "median",
            "fedactors.defense.pipeline[0].threshold-mode = 'median' is unknown; use one of absolute, relative");
    }

    [Fact]
    public void Pdgan_NegativeDIter_IsNotAWholeRoundNumber()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = pdgan, auxiliary-classes = [0], threshold = 0.9, d-iter = -1 }, { type = fedavg }]",
            "-1",
            "fedactors.defense.pipeline[0].d-iter must be a whole number ≥ 0, but is -1");
    }
}
