using System.Globalization;
using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.defense</c> section: the aggregation pipeline, stages in order, ending with one aggregator.</summary>
public sealed partial record DefenseSettings(IReadOnlyList<DefenseStageSettings> Pipeline)
{
    /// <summary>The stage types a pipeline may name (the ones implemented so far).</summary>
    public static IReadOnlyList<string> StageTypes { get; } =
    [
        FedAvgStageSettings.TypeName, MedianStageSettings.TypeName, TrimmedMeanStageSettings.TypeName, KrumStageSettings.KrumName,
        KrumStageSettings.MultiKrumName, NormClipStageSettings.TypeName, L2CheckStageSettings.TypeName, CosineCheckStageSettings.TypeName,
        SniperStageSettings.TypeName, DpGaussianStageSettings.TypeName, FoolsGoldStageSettings.TypeName, AurorStageSettings.TypeName,
        AccuracyCheckStageSettings.TypeName, CrossValidationStageSettings.TypeName, PdganStageSettings.TypeName,
    ];

    private const string PipelinePath = "fedactors.defense.pipeline";

    private static readonly string[] FedAvgKeys = ["type", "weighting", "server-learning-rate"];

    private static readonly string[] Weightings = ["samples", "uniform"];

    private static readonly string[] L2CheckKeys = ["type", "max-distance"];

    private static readonly string[] KrumKeys = ["type", "f"];

    private static readonly string[] MultiKrumKeys = ["type", "f", "keep"];

    private static readonly string[] SniperKeys = ["type", "gamma-mode", "gamma", "epsilon", "factor", "step"];

    private static readonly string[] CrossValidationKeys =
    [
        "type", "sub-models", "evaluators", "max-load", "v", "class-drop", "normalize", "delegation", "min-class-samples", "evaluation-timeout", "dp", "clip-bound", "sigma",
    ];

    private static readonly string[] AurorKeys = ["type", "features", "output-features", "window", "alpha", "alpha-factor", "tau"];

    /// <summary>The last stage, which turns the filtered, weighted updates into the global update.</summary>
    public DefenseStageSettings Aggregator => Pipeline[^1];

    /// <summary>Reads and checks <c>fedactors.defense</c> of a resolved configuration.</summary>
    public static DefenseSettings FromConfig(Config config) => FromConfig(config, PipelinePath);

    /// <summary>Reads and checks the pipeline list at <paramref name="pipelinePath"/> (<c>fedactors replay --pipeline</c> also takes <c>pipeline = [...]</c> alone).</summary>
    public static DefenseSettings FromConfig(Config config, string pipelinePath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pipelinePath);
        var items = config.GetList(pipelinePath);
        if (items.Count == 0)
        {
            throw Violation(config, pipelinePath, "must list at least one stage, ending with an aggregator such as fedavg");
        }

        var stages = new List<DefenseStageSettings>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            stages.Add(ReadStage(items[i], $"{pipelinePath}[{i}]"));
        }

        for (var i = 0; i < stages.Count - 1; i++)
        {
            if (stages[i].IsAggregator)
            {
                throw new HoconException(stages[i].Position, $"{pipelinePath}[{i}] is an aggregator ({stages[i].Type}), but only the last stage may aggregate");
            }
        }

        if (!stages[^1].IsAggregator)
        {
            throw new HoconException(stages[^1].Position, $"{pipelinePath}[{stages.Count - 1}] ({stages[^1].Type}) is not an aggregator; the last stage must be one");
        }

        return new DefenseSettings(stages);
    }

    private static DefenseStageSettings ReadStage(HoconValue item, string path)
    {
        if (item is not HoconObject stage)
        {
            throw Violation(item, path, "must be an object with a type, such as { type = fedavg }");
        }

        if (!stage.TryGetValue("type", out var typeValue))
        {
            throw new HoconException(stage.Position, $"{path}.type is not set; known stages: {string.Join(", ", StageTypes)}");
        }

        var type = Text(typeValue, $"{path}.type");
        return type switch
        {
            FedAvgStageSettings.TypeName => ReadFedAvg(stage, path),
            L2CheckStageSettings.TypeName => ReadL2Check(stage, path),
            MedianStageSettings.TypeName => ReadMedian(stage, path),
            TrimmedMeanStageSettings.TypeName => ReadTrimmedMean(stage, path),
            KrumStageSettings.KrumName => ReadKrum(stage, path, KrumStageSettings.KrumName),
            KrumStageSettings.MultiKrumName => ReadKrum(stage, path, KrumStageSettings.MultiKrumName),
            NormClipStageSettings.TypeName => ReadNormClip(stage, path),
            CosineCheckStageSettings.TypeName => ReadCosineCheck(stage, path),
            SniperStageSettings.TypeName => ReadSniper(stage, path),
            DpGaussianStageSettings.TypeName => ReadDpGaussian(stage, path),
            FoolsGoldStageSettings.TypeName => ReadFoolsGold(stage, path),
            AurorStageSettings.TypeName => ReadAuror(stage, path),
            AccuracyCheckStageSettings.TypeName => ReadAccuracyCheck(stage, path),
            CrossValidationStageSettings.TypeName => ReadCrossValidation(stage, path),
            PdganStageSettings.TypeName => ReadPdgan(stage, path),
            _ => throw new HoconException(typeValue.Position, $"{path}.type = '{type}' is unknown; known stages: {string.Join(", ", StageTypes)}"),
        };
    }

    private static FedAvgStageSettings ReadFedAvg(HoconObject stage, string path)
    {
        CheckKeys(stage, path, FedAvgStageSettings.TypeName, FedAvgKeys);
        var weighting = FedAvgWeighting.Samples;
        if (stage.TryGetValue("weighting", out var weightingValue))
        {
            var text = Text(weightingValue, $"{path}.weighting");
            weighting = text switch
            {
                "samples" => FedAvgWeighting.Samples,
                "uniform" => FedAvgWeighting.Uniform,
                _ => throw new HoconException(weightingValue.Position, $"{path}.weighting = '{text}' is unknown; use one of {string.Join(", ", Weightings)}"),
            };
        }

        var serverRate = 1.0;
        if (stage.TryGetValue("server-learning-rate", out var rateValue))
        {
            serverRate = Number(rateValue, $"{path}.server-learning-rate");
            if (!(serverRate > 0) || !double.IsFinite(serverRate))
            {
                throw Violation(rateValue, $"{path}.server-learning-rate", "must be finite and > 0");
            }
        }

        return new FedAvgStageSettings(weighting, serverRate, stage.Position);
    }

    private static L2CheckStageSettings ReadL2Check(HoconObject stage, string path)
    {
        CheckKeys(stage, path, L2CheckStageSettings.TypeName, L2CheckKeys);
        var maxDistance = Required(stage, path, "max-distance", "l2-check needs its threshold C_server (an L2 distance > 0)");
        return new L2CheckStageSettings(Positive(maxDistance, $"{path}.max-distance"), stage.Position);
    }

    private static AccuracyCheckStageSettings ReadAccuracyCheck(HoconObject stage, string path)
    {
        CheckKeys(stage, path, AccuracyCheckStageSettings.TypeName, ["type", "tolerance", "validation-samples"]);
        var tolerance = 0.05;
        if (stage.TryGetValue("tolerance", out var toleranceValue))
        {
            tolerance = Number(toleranceValue, $"{path}.tolerance");
            if (!(tolerance >= 0 && tolerance <= 1))
            {
                throw Violation(toleranceValue, $"{path}.tolerance", "must be an accuracy difference in [0, 1]");
            }
        }

        var samples = stage.TryGetValue("validation-samples", out var samplesValue) ? WholeNumber(samplesValue, $"{path}.validation-samples", 1) : 1000;
        return new AccuracyCheckStageSettings(tolerance, samples, stage.Position);
    }

    private static CrossValidationStageSettings ReadCrossValidation(HoconObject stage, string path)
    {
        CheckKeys(stage, path, CrossValidationStageSettings.TypeName, CrossValidationKeys);
        int Whole(string key, int fallback, int min) => stage.TryGetValue(key, out var value) ? WholeNumber(value, $"{path}.{key}", min) : fallback;
        bool Switch(string key) =>
            stage.TryGetValue(key, out var value) && (HoconConversions.AsBoolean(value) ?? throw Violation(value, $"{path}.{key}", "must be on or off"));

        var subModels = Whole("sub-models", 10, 1);
        var evaluators = Whole("evaluators", 3, 1);
        if (evaluators < 3)
        {
            throw Violation(stage["evaluators"], $"{path}.evaluators", "must be ≥ 3 (e, the evaluators per sub-model; Eq. 2 divides by (e − 2)²)");
        }

        var maxLoad = Whole("max-load", 3, 1);
        var v = 0.5;
        if (stage.TryGetValue("v", out var vValue))
        {
            v = Number(vValue, $"{path}.v");
            if (!(v > 0 && v <= 1))
            {
                throw Violation(vValue, $"{path}.v", "must be in (0, 1] (the coefficient of a sub-model with one report)");
            }
        }

        var classDrop = 0.10;
        if (stage.TryGetValue("class-drop", out var dropValue))
        {
            classDrop = Number(dropValue, $"{path}.class-drop");
            if (!(classDrop >= 0 && classDrop <= 1))
            {
                throw Violation(dropValue, $"{path}.class-drop", "must be an accuracy difference in [0, 1]");
            }
        }

        var delegation = CrossValidationDelegation.Iid;
        if (stage.TryGetValue("delegation", out var delegationValue))
        {
            var text = Text(delegationValue, $"{path}.delegation");
            delegation = text switch
            {
                "iid" => CrossValidationDelegation.Iid,
                "non-iid" => CrossValidationDelegation.NonIid,
                _ => throw new HoconException(delegationValue.Position, $"{path}.delegation = '{text}' is unknown; use one of iid, non-iid"),
            };
        }

        double? dpBound = null;
        var dpSigma = 0.0;
        if (Switch("dp"))
        {
            dpBound = Positive(Required(stage, path, "clip-bound", "cross-validation with dp = on needs the L2 bound S (> 0) updates are clipped to"), $"{path}.clip-bound");
            var sigmaValue = Required(stage, path, "sigma", "cross-validation with dp = on needs the noise multiplier σ (≥ 0; the noise's standard deviation is σ·S)");
            dpSigma = Number(sigmaValue, $"{path}.sigma");
            if (!(dpSigma >= 0) || !double.IsFinite(dpSigma))
            {
                throw Violation(sigmaValue, $"{path}.sigma", "must be finite and ≥ 0");
            }
        }
        else
        {
            foreach (var key in new[] { "clip-bound", "sigma" })
            {
                if (stage.TryGetValue(key, out var value))
                {
                    throw new HoconException(value.Position, $"{path}.{key} is a setting of dp = on, but dp is off");
                }
            }
        }

        var timeout = TimeSpan.FromSeconds(30);
        if (stage.TryGetValue("evaluation-timeout", out var timeoutValue))
        {
            if (!HoconConversions.TryAsDuration(timeoutValue, out timeout, out var error))
            {
                throw error is null
                    ? Violation(timeoutValue, $"{path}.evaluation-timeout", "must be a duration such as 30s")
                    : new HoconException(timeoutValue.Position, $"{path}.evaluation-timeout: {error}");
            }

            if (timeout <= TimeSpan.Zero)
            {
                throw Violation(timeoutValue, $"{path}.evaluation-timeout", "must be > 0");
            }
        }

        return new CrossValidationStageSettings(
            subModels, evaluators, maxLoad, v, classDrop, Switch("normalize"), delegation, Whole("min-class-samples", 10, 1), timeout, stage.Position)
        {
            DpClipBound = dpBound,
            DpSigma = dpSigma,
        };
    }

    private static MedianStageSettings ReadMedian(HoconObject stage, string path)
    {
        CheckKeys(stage, path, MedianStageSettings.TypeName, ["type"]);
        return new MedianStageSettings(stage.Position);
    }

    private static TrimmedMeanStageSettings ReadTrimmedMean(HoconObject stage, string path)
    {
        CheckKeys(stage, path, TrimmedMeanStageSettings.TypeName, ["type", "beta"]);
        var value = Required(stage, path, "beta", "trimmed-mean needs the share β of values dropped at each end, in [0, 0.5)");
        var beta = Number(value, $"{path}.beta");
        return beta >= 0 && beta < 0.5
            ? new TrimmedMeanStageSettings(beta, stage.Position)
            : throw Violation(value, $"{path}.beta", "must be in [0, 0.5)");
    }

    private static KrumStageSettings ReadKrum(HoconObject stage, string path, string kind)
    {
        CheckKeys(stage, path, kind, kind == KrumStageSettings.KrumName ? KrumKeys : MultiKrumKeys);
        var fValue = Required(stage, path, "f", $"{kind} needs f, the number of malicious clients it tolerates (K ≥ 2f + 3)");
        var f = WholeNumber(fValue, $"{path}.f", 0);
        int? keep = null;
        if (stage.TryGetValue("keep", out var keepValue))
        {
            keep = WholeNumber(keepValue, $"{path}.keep", 1);
        }

        return new KrumStageSettings(kind, f, keep, stage.Position);
    }

    private static NormClipStageSettings ReadNormClip(HoconObject stage, string path)
    {
        CheckKeys(stage, path, NormClipStageSettings.TypeName, ["type", "bound"]);
        var bound = Required(stage, path, "bound", "norm-clip needs the L2 bound S (> 0) updates are scaled down to");
        return new NormClipStageSettings(Positive(bound, $"{path}.bound"), stage.Position);
    }

    private static CosineCheckStageSettings ReadCosineCheck(HoconObject stage, string path)
    {
        CheckKeys(stage, path, CosineCheckStageSettings.TypeName, ["type", "min-cosine"]);
        var value = Required(stage, path, "min-cosine", "cosine-check needs c_min, the smallest cosine to the others' mean it accepts, in [-1, 1]");
        var minCosine = Number(value, $"{path}.min-cosine");
        return minCosine is >= -1 and <= 1
            ? new CosineCheckStageSettings(minCosine, stage.Position)
            : throw Violation(value, $"{path}.min-cosine", "must be in [-1, 1]");
    }

    private static SniperStageSettings ReadSniper(HoconObject stage, string path)
    {
        CheckKeys(stage, path, SniperStageSettings.TypeName, SniperKeys);
        var mode = SniperGammaMode.Absolute;
        if (stage.TryGetValue("gamma-mode", out var modeValue))
        {
            var text = Text(modeValue, $"{path}.gamma-mode");
            mode = text switch
            {
                "absolute" => SniperGammaMode.Absolute,
                "relative" => SniperGammaMode.Relative,
                _ => throw new HoconException(modeValue.Position, $"{path}.gamma-mode = '{text}' is unknown; use one of absolute, relative"),
            };
        }

        // Each mode has its own pair of keys; the other pair would be silently ignored, so it is an error.
        var (own, other) = mode == SniperGammaMode.Absolute ? (new[] { "gamma", "epsilon" }, new[] { "factor", "step" }) : (["factor", "step"], ["gamma", "epsilon"]);
        foreach (var key in other)
        {
            if (stage.TryGetValue(key, out var value))
            {
                var otherMode = mode == SniperGammaMode.Absolute ? "relative" : "absolute";
                throw new HoconException(value.Position, $"{path}.{key} applies only to gamma-mode = {otherMode}; with gamma-mode = {Mode(mode)} use {string.Join(" and ", own)}");
            }
        }

        double Optional(string key, double fallback) => stage.TryGetValue(key, out var value) ? Positive(value, $"{path}.{key}") : fallback;
        return new SniperStageSettings(
            mode,
            Optional("gamma", SniperStageSettings.DefaultGamma),
            Optional("epsilon", SniperStageSettings.DefaultEpsilon),
            Optional("factor", SniperStageSettings.DefaultFactor),
            Optional("step", SniperStageSettings.DefaultStep),
            stage.Position);
    }

    private static string Mode(SniperGammaMode mode) => mode == SniperGammaMode.Absolute ? "absolute" : "relative";

    private static DpGaussianStageSettings ReadDpGaussian(HoconObject stage, string path)
    {
        CheckKeys(stage, path, DpGaussianStageSettings.TypeName, ["type", "clip-bound", "sigma"]);
        var bound = Required(stage, path, "clip-bound", "dp-gaussian needs the L2 bound S (> 0) updates are clipped to");
        var sigmaValue = Required(stage, path, "sigma", "dp-gaussian needs the noise multiplier σ (≥ 0; the noise's standard deviation is σ·S)");
        var sigma = Number(sigmaValue, $"{path}.sigma");
        return sigma >= 0 && double.IsFinite(sigma)
            ? new DpGaussianStageSettings(Positive(bound, $"{path}.clip-bound"), sigma, stage.Position)
            : throw Violation(sigmaValue, $"{path}.sigma", "must be finite and ≥ 0");
    }

    private static FoolsGoldStageSettings ReadFoolsGold(HoconObject stage, string path)
    {
        CheckKeys(stage, path, FoolsGoldStageSettings.TypeName, ["type", "kappa"]);
        var kappa = stage.TryGetValue("kappa", out var value) ? Positive(value, $"{path}.kappa") : 1.0;
        return new FoolsGoldStageSettings(kappa, stage.Position);
    }

    private static AurorStageSettings ReadAuror(HoconObject stage, string path)
    {
        CheckKeys(stage, path, AurorStageSettings.TypeName, AurorKeys);
        var features = AurorFeatures.OutputLayer;
        if (stage.TryGetValue("features", out var featuresValue))
        {
            var text = Text(featuresValue, $"{path}.features");
            features = text switch
            {
                "output-layer" => AurorFeatures.OutputLayer,
                "all" => AurorFeatures.All,
                _ => throw new HoconException(featuresValue.Position, $"{path}.features = '{text}' is unknown; use one of output-layer, all"),
            };
        }

        int? outputFeatures = null;
        if (features == AurorFeatures.OutputLayer)
        {
            var value = Required(stage, path, "output-features",
                "auror with features = output-layer needs K, the output layer's length (the update's last K values; for mlp and cnn " +
                "hidden × classes + classes), or features = all");
            outputFeatures = WholeNumber(value, $"{path}.output-features", 1);
        }
        else if (stage.TryGetValue("output-features", out var ignored))
        {
            throw new HoconException(ignored.Position, $"{path}.output-features applies only to features = output-layer; features = all clusters every coordinate");
        }

        var window = stage.TryGetValue("window", out var windowValue) ? WholeNumber(windowValue, $"{path}.window", 0) : 0;
        double? alpha = stage.TryGetValue("alpha", out var alphaValue) ? Positive(alphaValue, $"{path}.alpha") : null;
        var alphaFactor = AurorStageSettings.DefaultAlphaFactor;
        if (stage.TryGetValue("alpha-factor", out var factorValue))
        {
            if (alpha is not null)
            {
                throw new HoconException(factorValue.Position, $"{path}.alpha-factor and {path}.alpha exclude each other: alpha is an absolute distance, alpha-factor a multiple of each feature's range");
            }

            alphaFactor = Positive(factorValue, $"{path}.alpha-factor");
        }

        var tau = AurorStageSettings.DefaultTau;
        if (stage.TryGetValue("tau", out var tauValue))
        {
            tau = Number(tauValue, $"{path}.tau");
            if (tau is not (>= 0 and <= 1))
            {
                throw Violation(tauValue, $"{path}.tau", "must be in [0, 1]");
            }
        }

        return new AurorStageSettings(features, outputFeatures, window, alpha, alphaFactor, tau, stage.Position);
    }

    /// <summary>
    /// Checks the pipeline against the round size: Krum and Multi-Krum need K ≥ 2f + 3 (and Multi-Krum keep ≤ K), with
    /// K = run.clients-per-round.
    /// </summary>
    public void CheckRoundSize(int clientsPerRound)
    {
        for (var i = 0; i < Pipeline.Count; i++)
        {
            if (Pipeline[i] is CrossValidationStageSettings crossValidation)
            {
                CheckCrossValidation(crossValidation, i, clientsPerRound);
                continue;
            }

            if (Pipeline[i] is not KrumStageSettings krum)
            {
                continue;
            }

            if (clientsPerRound < (2 * krum.F) + 3)
            {
                throw new HoconException(krum.Position,
                    $"{PipelinePath}[{i}] ({krum.Type}) with f = {krum.F} needs K ≥ 2f + 3 = {(2 * krum.F) + 3} updates per round, " +
                    $"but fedactors.run.clients-per-round = {clientsPerRound}");
            }

            if (krum.Keep is { } keep && keep > clientsPerRound)
            {
                throw new HoconException(krum.Position,
                    $"{PipelinePath}[{i}] ({krum.Type}) keeps {keep} updates, but fedactors.run.clients-per-round = {clientsPerRound}");
            }
        }
    }

    /// <summary>IID delegation of d sub-models of about K/d updates each to e of the K clients, each evaluating ≤ m.</summary>
    private static void CheckCrossValidation(CrossValidationStageSettings cv, int index, int clientsPerRound)
    {
        if (cv.Delegation != CrossValidationDelegation.Iid)
        {
            return;
        }

        var d = Math.Min(cv.SubModels, clientsPerRound);
        var largest = (clientsPerRound + d - 1) / d;
        if ((long)d * cv.Evaluators > (long)cv.MaxLoad * clientsPerRound)
        {
            throw new HoconException(cv.Position,
                $"{PipelinePath}[{index}] ({cv.Type}) needs d·e = {d}·{cv.Evaluators} evaluations per round, but K·m = " +
                $"{clientsPerRound}·{cv.MaxLoad} is fewer (K = fedactors.run.clients-per-round); lower sub-models or evaluators, or raise max-load");
        }

        if (clientsPerRound - largest < cv.Evaluators)
        {
            throw new HoconException(cv.Position,
                $"{PipelinePath}[{index}] ({cv.Type}) needs e = {cv.Evaluators} evaluators outside each sub-model of up to {largest} updates, " +
                $"but fedactors.run.clients-per-round = {clientsPerRound}");
        }
    }

    private static HoconValue Required(HoconObject stage, string path, string key, string why) =>
        stage.TryGetValue(key, out var value) ? value : throw new HoconException(stage.Position, $"{path}.{key} is not set: {why}");

    private static double Positive(HoconValue value, string path)
    {
        var number = Number(value, path);
        return number > 0 && double.IsFinite(number) ? number : throw Violation(value, path, "must be finite and > 0");
    }

    private static int WholeNumber(HoconValue value, string path, int min)
    {
        var number = Number(value, path);
        return number == Math.Floor(number) && number >= min && number <= int.MaxValue
            ? (int)number
            : throw Violation(value, path, $"must be a whole number ≥ {min}");
    }

    /// <summary>A misspelt setting would otherwise be silently ignored, so a stage accepts only its own keys.</summary>
    private static void CheckKeys(HoconObject stage, string path, string type, IReadOnlyList<string> known)
    {
        foreach (var key in stage.Keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw new HoconException(stage[key].Position, $"{path}.{key} is not a setting of {type}; its settings: {string.Join(", ", known)}");
            }
        }
    }

    private static string Text(HoconValue value, string path) => value switch
    {
        HoconString s => s.Value,
        _ => throw Violation(value, path, "must be a string"),
    };

    private static double Number(HoconValue value, string path) => value switch
    {
        HoconNumber n => n.ToDouble(),
        HoconString s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw Violation(value, path, "must be a number"),
    };
}
