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

    [Fact]
    public void Sniper_FactorWithAbsoluteGamma_NamesTheModeItBelongsTo()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = sniper, factor = 0.3 }, { type = fedavg }]",
            "0.3",
            "fedactors.defense.pipeline[0].factor applies only to gamma-mode = relative; with gamma-mode = absolute use gamma and epsilon");
    }

    [Fact]
    public void Sniper_UnknownGammaMode_ListsTheModes()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = sniper, gamma-mode = median }, { type = fedavg }]",
            "median",
            "fedactors.defense.pipeline[0].gamma-mode = 'median' is unknown; use one of absolute, relative");
    }

    [Fact]
    public void Sniper_ZeroEpsilon_MustBePositive()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = sniper, epsilon = 0 }, { type = fedavg }]",
            "0 }",
            "fedactors.defense.pipeline[0].epsilon must be finite and > 0, but is 0");
    }

    [Fact]
    public void DpGaussian_NegativeSigma_MustBeNonNegative()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = dp-gaussian, clip-bound = 15, sigma = -0.1 }]",
            "-0.1",
            "fedactors.defense.pipeline[0].sigma must be finite and ≥ 0, but is -0.1");
    }

    [Fact]
    public void DpGaussian_WithoutClipBound_SaysWhatItIs()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = dp-gaussian, sigma = 0.1 }]",
            "{ type = dp-gaussian",
            "fedactors.defense.pipeline[0].clip-bound is not set: dp-gaussian needs the L2 bound S (> 0) updates are clipped to");
    }

    [Fact]
    public void DpGaussian_IsAnAggregator_SoItMustBeLast()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = dp-gaussian, clip-bound = 1, sigma = 0 }, { type = fedavg }]",
            "{ type = dp-gaussian",
            "fedactors.defense.pipeline[0] is an aggregator (dp-gaussian), but only the last stage may aggregate");
    }

    [Fact]
    public void FoolsGold_ZeroKappa_MustBePositive()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = foolsgold, kappa = 0 }, { type = fedavg }]",
            "0 }",
            "fedactors.defense.pipeline[0].kappa must be finite and > 0, but is 0");
    }

    [Fact]
    public void TheIssueNineStages_AllRead()
    {
        var settings = SimulationSettings.FromConfig(SettingsConfigs.Load(
            "fedactors.defense.pipeline = [{ type = foolsgold }, { type = sniper, gamma-mode = relative, step = 0.1 }, " +
            "{ type = sniper }, { type = dp-gaussian, clip-bound = 15, sigma = 0.1 }]"));

        var pipeline = settings.Defense.Pipeline;
        Assert.Equal(new FoolsGoldStageSettings(1.0, pipeline[0].Position), pipeline[0]);
        Assert.Equal(new SniperStageSettings(SniperGammaMode.Relative, 0.5, 0.05, 0.5, 0.1, pipeline[1].Position), pipeline[1]);
        Assert.Equal(new SniperStageSettings(SniperGammaMode.Absolute, 0.5, 0.05, 0.5, 0.05, pipeline[2].Position), pipeline[2]);
        Assert.Equal(new DpGaussianStageSettings(15, 0.1, pipeline[3].Position), pipeline[3]);
    }
}
