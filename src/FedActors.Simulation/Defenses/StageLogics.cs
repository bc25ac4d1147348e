using System.Collections.Immutable;

namespace FedActors.Simulation;

/// <summary>The <see cref="IStageLogic"/> of each pure stage type.</summary>
public static class StageLogics
{
    /// <summary>
    /// The logic of <paramref name="settings"/>, or null for a stage that is not pure (it has its own actor);
    /// <paramref name="runSeed"/> seeds the stages that draw noise (<c>dp-gaussian</c>).
    /// </summary>
    public static IStageLogic? For(DefenseStageSettings settings, ulong runSeed = 0) => settings switch
    {
        FedAvgStageSettings s => new FedAvgLogic(s),
        MedianStageSettings => new MedianLogic(),
        TrimmedMeanStageSettings s => new TrimmedMeanLogic(s),
        KrumStageSettings s => new KrumLogic(s),
        NormClipStageSettings s => new NormClipLogic(s),
        L2CheckStageSettings s => new L2CheckLogic(s),
        CosineCheckStageSettings s => new CosineCheckLogic(s),
        SniperStageSettings s => new SniperLogic(s),
        DpGaussianStageSettings s => new DpGaussianLogic(s, runSeed),
        FoolsGoldStageSettings s => new FoolsGoldLogic(s),
        AurorStageSettings s => new AurorLogic(s),
        _ => null,
    };

    /// <summary>Every client kept with weight 1 (a stage that filters nothing).</summary>
    internal static List<ClientDecision> KeepAll(RunStage run) => run.Updates.Select(u => ClientDecision.Kept(u.ClientId)).ToList();

    /// <summary>The updates still kept by the stages before, with their positions in the round's list.</summary>
    internal static (List<int> Positions, List<float[]> Updates) Kept(RunStage run)
    {
        var positions = Enumerable.Range(0, run.Updates.Count).Where(i => run.Decisions[i].Keep).ToList();
        return (positions, positions.Select(i => run.Updates[i].Update).ToList());
    }

    internal static ImmutableSortedDictionary<string, double> NoDiagnostics => ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>
    /// A filter on one score per client: drops each still-kept client whose score <paramref name="drop"/>s; its
    /// diagnostics are the threshold and every kept client's score (<c>&lt;name&gt;-&lt;client&gt;</c>).
    /// </summary>
    internal static StageDone ThresholdFilter(RunStage run, string stage, IReadOnlyList<double> scores, string name, double threshold, Func<double, bool> drop)
    {
        var decisions = run.Updates
            .Select((u, i) => run.Decisions[i].Keep && drop(scores[i]) ? ClientDecision.Dropped(u.ClientId) : ClientDecision.Kept(u.ClientId))
            .ToList();
        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        diagnostics["threshold"] = threshold;
        for (var i = 0; i < run.Updates.Count; i++)
        {
            if (run.Decisions[i].Keep && !double.IsNaN(scores[i]))
            {
                diagnostics[$"{name}-{run.Updates[i].ClientId}"] = scores[i];
            }
        }

        return new StageDone(run.Round, new StageOutcome(stage, decisions, diagnostics.ToImmutable()), run.Updates, null);
    }

    /// <summary>The new model w + η·aggregate, and coefficients 1/k for the kept clients (0 for the others).</summary>
    internal static AggregationResult Apply(RunStage run, float[] aggregate, double serverLearningRate)
    {
        var model = new float[run.GlobalModel.Length];
        for (var i = 0; i < model.Length; i++)
        {
            model[i] = (float)(run.GlobalModel[i] + (serverLearningRate * aggregate[i]));
        }

        var kept = run.Decisions.Count(d => d.Keep);
        var coefficients = run.Decisions.ToImmutableSortedDictionary(d => d.ClientId, d => d.Keep ? 1.0 / kept : 0.0);
        return new AggregationResult(model, coefficients);
    }
}

/// <summary>The <c>fedavg</c> aggregator: the weighted mean (McMahan et al. 2017) of the updates, each weighed by the pipeline's combined decision.</summary>
internal sealed class FedAvgLogic(FedAvgStageSettings settings) : IStageLogic
{
    public string Name => FedAvgStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var updates = run.Updates.Select(u => u.Update).ToList();
        var samples = run.Updates.Select(u => u.NumSamples).ToList();
        var weights = run.Decisions.Select(d => d.Keep ? d.Weight : 0.0).ToList();
        var weighting = settings.Weighting == FedAvgWeighting.Uniform ? Weighting.Uniform : Weighting.Samples;
        var coefficients = FedAvg.Coefficients(samples, weights, weighting);
        var model = FedAvg.Aggregate(run.GlobalModel, updates, samples, weights, weighting, settings.ServerLearningRate);
        var byClient = run.Updates.Select((u, k) => (u.ClientId, k)).ToImmutableSortedDictionary(p => p.ClientId, p => coefficients[p.k]);
        var outcome = new StageOutcome(Name, StageLogics.KeepAll(run), StageLogics.NoDiagnostics);
        return new StageDone(run.Round, outcome, run.Updates, new AggregationResult(model, byClient));
    }
}

/// <summary>The <c>median</c> aggregator: the coordinate-wise median of the kept updates.</summary>
internal sealed class MedianLogic : IStageLogic
{
    public string Name => MedianStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var (_, kept) = StageLogics.Kept(run);
        if (kept.Count == 0)
        {
            throw new ArgumentException("every update was dropped before the median");
        }

        var outcome = new StageOutcome(Name, StageLogics.KeepAll(run), StageLogics.NoDiagnostics);
        return new StageDone(run.Round, outcome, run.Updates, StageLogics.Apply(run, RobustAggregation.CoordinateMedian(kept), 1.0));
    }
}

/// <summary>The <c>trimmed-mean</c> aggregator: the coordinate-wise β-trimmed mean of the kept updates.</summary>
internal sealed class TrimmedMeanLogic(TrimmedMeanStageSettings settings) : IStageLogic
{
    public string Name => TrimmedMeanStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var (_, kept) = StageLogics.Kept(run);
        if (kept.Count == 0)
        {
            throw new ArgumentException("every update was dropped before the trimmed mean");
        }

        var diagnostics = ImmutableSortedDictionary<string, double>.Empty.Add("trimmed-per-side", Math.Floor(settings.Beta * kept.Count));
        var outcome = new StageOutcome(Name, StageLogics.KeepAll(run), diagnostics);
        return new StageDone(run.Round, outcome, run.Updates, StageLogics.Apply(run, RobustAggregation.TrimmedMean(kept, settings.Beta), 1.0));
    }
}

/// <summary>The <c>krum</c> / <c>multi-krum</c> filter: keeps the m kept updates of smallest Krum score (m = 1 for Krum).</summary>
internal sealed class KrumLogic(KrumStageSettings settings) : IStageLogic
{
    public string Name => settings.Type;

    public StageDone Run(RunStage run)
    {
        var (positions, kept) = StageLogics.Kept(run);
        var scores = Krum.Scores(run.SquaredDistances(kept), settings.F);
        var m = settings.Kind == KrumStageSettings.KrumName ? 1 : settings.Keep ?? Math.Max(1, kept.Count - settings.F);
        var selected = kept.Count == 0 ? [] : Krum.Select(scores, Math.Min(m, kept.Count)).Select(i => positions[i]).ToHashSet();
        var decisions = run.Updates.Select((u, i) => selected.Contains(i) ? ClientDecision.Kept(u.ClientId) : ClientDecision.Dropped(u.ClientId)).ToList();
        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        diagnostics["neighbours"] = Krum.Neighbours(kept.Count, settings.F);
        for (var i = 0; i < positions.Count; i++)
        {
            diagnostics[$"score-{run.Updates[positions[i]].ClientId}"] = scores[i];
        }

        return new StageDone(run.Round, new StageOutcome(Name, decisions, diagnostics.ToImmutable()), run.Updates, null);
    }
}

/// <summary>The <c>norm-clip</c> transform: every update scaled to L2 norm at most S.</summary>
internal sealed class NormClipLogic(NormClipStageSettings settings) : IStageLogic
{
    public string Name => NormClipStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var clipped = run.Updates.Select(u => u with { Update = UpdateChecks.Clip(u.Update, settings.Bound) }).ToList();
        var count = clipped.Where((u, i) => !ReferenceEquals(u.Update, run.Updates[i].Update)).Count();
        var diagnostics = ImmutableSortedDictionary<string, double>.Empty.Add("bound", settings.Bound).Add("clipped", count);
        return new StageDone(run.Round, new StageOutcome(Name, StageLogics.KeepAll(run), diagnostics), clipped, null);
    }
}

/// <summary>The <c>l2-check</c> filter: drops the clients <see cref="L2Check"/> flags.</summary>
internal sealed class L2CheckLogic(L2CheckStageSettings settings) : IStageLogic
{
    public string Name => L2CheckStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var distances = L2Check.MaxDistances(run.Updates.Select(u => u.Update).ToList(), run.Decisions.Select(d => d.Keep).ToList(), run.SquaredDistances);
        return StageLogics.ThresholdFilter(run, Name, distances, "max-distance", settings.MaxDistance, d => d > settings.MaxDistance);
    }
}

/// <summary>The <c>cosine-check</c> filter (004 §3.2): drops a client whose update's cosine to the mean of the others is below c-min.</summary>
internal sealed class CosineCheckLogic(CosineCheckStageSettings settings) : IStageLogic
{
    public string Name => CosineCheckStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var cosines = UpdateChecks.CosineToOthers(run.Updates.Select(u => u.Update).ToList(), run.Decisions.Select(d => d.Keep).ToList());
        return StageLogics.ThresholdFilter(run, Name, cosines, "cosine", settings.MinCosine, c => c < settings.MinCosine);
    }
}
