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

    [Fact]
    public void Auror_OutputLayerWithoutOutputFeatures_SaysWhatKIs()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = auror }, { type = fedavg }]",
            "{ type = auror }",
            "fedactors.defense.pipeline[0].output-features is not set: auror with features = output-layer needs K, the output layer's " +
            "length (the update's last K values; for mlp and cnn hidden × classes + classes), or features = all");
    }

    [Fact]
    public void Auror_TauAboveOne_MustBeAFraction()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = auror, features = all, tau = 1.5 }, { type = fedavg }]",
            "1.5 }",
            "fedactors.defense.pipeline[0].tau must be in [0, 1], but is 1.5");
    }

    [Fact]
    public void Auror_AlphaAndAlphaFactor_ExcludeEachOther()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = auror, features = all, alpha = 0.1, alpha-factor = 0.05 }, { type = fedavg }]",
            "0.05 }",
            "fedactors.defense.pipeline[0].alpha-factor and fedactors.defense.pipeline[0].alpha exclude each other: alpha is an " +
            "absolute distance, alpha-factor a multiple of each feature's range");
    }

    [Fact]
    public void Auror_OutputFeaturesWithFeaturesAll_Fails()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = auror, features = all, output-features = 10 }, { type = fedavg }]",
            "10 }",
            "fedactors.defense.pipeline[0].output-features applies only to features = output-layer; features = all clusters every coordinate");
    }

    [Fact]
    public void Auror_NegativeWindow_MustBeWhole()
    {
        SettingsConfigs.AssertFails(
            "fedactors.defense.pipeline = [{ type = auror, features = all, window = -1 }, { type = fedavg }]",
            "-1 }",
            "fedactors.defense.pipeline[0].window must be a whole number ≥ 0, but is -1");
    }

    [Fact]
    public void Auror_DefaultsAndSettings_Read()
    {
        var settings = SimulationSettings.FromConfig(SettingsConfigs.Load(
            "fedactors.defense.pipeline = [{ type = auror, output-features = 2010 }, " +
            "{ type = auror, features = all, window = 3, alpha = 0.1, tau = 0.25 }, { type = fedavg }]"));

        var pipeline = settings.Defense.Pipeline;
        Assert.Equal(new AurorStageSettings(AurorFeatures.OutputLayer, 2010, 0, null, 0.02, 0.5, pipeline[0].Position), pipeline[0]);
        Assert.Equal(new AurorStageSettings(AurorFeatures.All, null, 3, 0.1, 0.02, 0.25, pipeline[1].Position), pipeline[1]);
    }
}
