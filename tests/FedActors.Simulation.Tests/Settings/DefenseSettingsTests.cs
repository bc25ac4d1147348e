namespace FedActors.Simulation.Tests;

public sealed class DefenseSettingsTests
{
    [Fact]
    public void FromConfig_UnknownStageType_ListsTheKnownStagesAtTheType()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [\n  { type = fedavg },\n  { type = krumm }\n]",
            "krumm",
            "fedactors.defense.pipeline[1].type = 'krumm' is unknown; known stages: fedavg, median, trimmed-mean, krum, multi-krum, norm-clip, l2-check, cosine-check, sniper, dp-gaussian, foolsgold, auror, accuracy-check, cross-validation, pdgan");
    }

    [Fact]
    public void FromConfig_EmptyPipeline_Fails()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = []",
            "[]",
            "fedactors.defense.pipeline must list at least one stage, ending with an aggregator such as fedavg, but is an empty array");
    }

    [Fact]
    public void FromConfig_StageThatIsNotAnObject_Fails()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [fedavg]",
            "fedavg",
            "fedactors.defense.pipeline[0] must be an object with a type, such as { type = fedavg }, but is 'fedavg'");
    }

    [Fact]
    public void FromConfig_StageWithoutType_FailsAtTheStage()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ weighting = uniform }]",
            "{ weighting",
            "fedactors.defense.pipeline[0].type is not set; known stages: fedavg, median, trimmed-mean, krum, multi-krum, norm-clip, l2-check, cosine-check, sniper, dp-gaussian, foolsgold, auror, accuracy-check, cross-validation, pdgan");
    }

    [Fact]
    public void FromConfig_AggregatorBeforeTheLastStage_FailsAtThatStage()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = fedavg }, { type = fedavg, weighting = uniform }]",
            "{ type = fedavg }",
            "fedactors.defense.pipeline[0] is an aggregator (fedavg), but only the last stage may aggregate");
    }

    [Fact]
    public void FromConfig_MisspeltStageSetting_ListsTheStageSettings()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = fedavg, weigting = uniform }]",
            "uniform",
            "fedactors.defense.pipeline[0].weigting is not a setting of fedavg; its settings: type, weighting, server-learning-rate");
    }

    [Fact]
    public void FromConfig_UnknownWeighting_ListsTheWeightings()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = fedavg, weighting = median }]",
            "median",
            "fedactors.defense.pipeline[0].weighting = 'median' is unknown; use one of samples, uniform");
    }

    [Fact]
    public void FromConfig_NonPositiveServerLearningRate_Fails()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = fedavg, server-learning-rate = 0 }]",
            "0 }",
            "fedactors.defense.pipeline[0].server-learning-rate must be finite and > 0, but is 0");
    }

    [Fact]
    public void FromConfig_FedAvgWithoutOptionalSettings_UsesDefaults()
    {
        // Act
        var settings = SimulationSettings.FromConfig(SettingsConfigs.Load("fedactors.defense.pipeline = [{ type = fedavg }]"));

        // Assert
        var stage = Assert.IsType<FedAvgStageSettings>(settings.Defense.Aggregator);
        Assert.Equal((FedAvgWeighting.Samples, 1.0), (stage.Weighting, stage.ServerLearningRate));
        Assert.True(stage.IsAggregator);
        Assert.Equal("fedavg", stage.Type);
    }
}
