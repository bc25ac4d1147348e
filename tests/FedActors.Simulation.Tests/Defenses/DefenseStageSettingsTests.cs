namespace FedActors.Simulation.Tests.Defenses;

public sealed class DefenseStageSettingsTests
{
    [Fact]
    public void Krum_FewerClientsPerRoundThan2FPlus3_NamesTheStageBothNumbersAndTheConstraint()
    {
        SettingsConfigs.AssertFails(
            "fedactors.run { clients = 20, clients-per-round = 8 }\nfedactors.defense.pipeline = [{ type = krum, f = 3 }, { type = fedavg }]",
            "{ type = krum",
            "fedactors.defense.pipeline[0] (krum) with f = 3 needs K ≥ 2f + 3 = 9 updates per round, but fedactors.run.clients-per-round = 8");
    }

    [Fact]
    public void MultiKrum_KeepingMoreThanARound_Fails()
    {
        SettingsConfigs.AssertFails(
            "fedactors.run { clients = 20, clients-per-round = 10 }\nfedactors.defense.pipeline = [{ type = multi-krum, f = 1, keep = 11 }, { type = fedavg }]",
            "{ type = multi-krum",
            "fedactors.defense.pipeline[0] (multi-krum) keeps 11 updates, but fedactors.run.clients-per-round = 10");
    }

    [Fact]
    public void Krum_WithoutF_SaysWhatFIs()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = krum }, { type = fedavg }]",
            "{ type = krum }",
            "fedactors.defense.pipeline[0].f is not set: krum needs f, the number of malicious clients it tolerates (K ≥ 2f + 3)");
    }

    [Fact]
    public void Krum_KeepIsNotOneOfItsSettings()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = krum, f = 1, keep = 2 }, { type = fedavg }]",
            "2 }",
            "fedactors.defense.pipeline[0].keep is not a setting of krum; its settings: type, f");
    }

    [Fact]
    public void TrimmedMean_BetaOfAHalf_IsOutOfRange()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = trimmed-mean, beta = 0.5 }]",
            "0.5",
            "fedactors.defense.pipeline[0].beta must be in [0, 0.5), but is 0.5");
    }

    [Fact]
    public void CosineCheck_MinCosineAboveOne_IsOutOfRange()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = cosine-check, min-cosine = 2 }, { type = fedavg }]",
            "2 }",
            "fedactors.defense.pipeline[0].min-cosine must be in [-1, 1], but is 2");
    }

    [Fact]
    public void Median_IsAnAggregator_SoItMustBeLast()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = median }, { type = fedavg }]",
            "{ type = median }",
            "fedactors.defense.pipeline[0] is an aggregator (median), but only the last stage may aggregate");
    }

    [Fact]
    public void ThePureStages_AllRead()
    {
        var settings = SimulationSettings.FromConfig(SettingsConfigs.Load(
            "fedactors.run { clients = 20, clients-per-round = 10 }\n" +
            "fedactors.defense.pipeline = [{ type = norm-clip, bound = 2 }, { type = cosine-check, min-cosine = -0.5 }, " +
            "{ type = l2-check, max-distance = 3 }, { type = multi-krum, f = 2, keep = 5 }, { type = trimmed-mean, beta = 0.1 }]"));

        Assert.Equal(["norm-clip", "cosine-check", "l2-check", "multi-krum", "trimmed-mean"], settings.Defense.Pipeline.Select(s => s.Type));
        Assert.Equal(new KrumStageSettings("multi-krum", 2, 5, settings.Defense.Pipeline[3].Position), settings.Defense.Pipeline[3]);
        Assert.Equal(2.0, ((NormClipStageSettings)settings.Defense.Pipeline[0]).Bound);
    }
}
