using System.Collections.Immutable;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The <c>dp-gaussian</c> aggregator (000 Eq. 5): the kept updates clipped, summed, noised and divided by their count,
/// applied to the global model. Weights from weigher stages are not used: Eq. 5 is an unweighted mean.
/// </summary>
internal sealed class DpGaussianLogic(DpGaussianStageSettings settings, ulong runSeed) : IStageLogic
{
    public string Name => DpGaussianStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var (_, kept) = StageLogics.Kept(run);
        if (kept.Count == 0)
        {
            throw new ArgumentException("every update was dropped before dp-gaussian");
        }

        // The updates Aggregate clips (UpdateChecks.Clip's test), counted without scaling copies of them.
        var clipped = kept.Count(u => !(TensorMath.L2Norm(u) <= settings.ClipBound));
        var random = new StableRandom(DpGaussian.Seed(runSeed, run.Round));
        var aggregate = DpGaussian.Aggregate(kept, settings.ClipBound, settings.Sigma, random);
        var diagnostics = ImmutableSortedDictionary<string, double>.Empty
            .Add("clip-bound", settings.ClipBound)
            .Add("clipped", clipped)
            .Add("noise-std", settings.Sigma * settings.ClipBound / kept.Count);
        var outcome = new StageOutcome(Name, StageLogics.KeepAll(run), diagnostics);
        return new StageDone(run.Round, outcome, run.Updates, StageLogics.Apply(run, aggregate, 1.0));
    }
}
