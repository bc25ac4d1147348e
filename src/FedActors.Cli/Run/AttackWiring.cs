using FedActors.Data;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Run;

/// <summary>
/// Turns <c>fedactors.attack</c> into what the actors need: the coalition's data poisoning and the aggregator's
/// <see cref="AttackEvaluation"/>, registering any dataset they train or evaluate on beyond the train and test sets.
/// </summary>
internal static class AttackWiring
{
    private const long SemanticSalt = 0x5345_4D41; // "SEMA"

    /// <summary>The registered names of the run's train and test sets, and the datasets behind them.</summary>
    public sealed record Datasets(string TrainName, ImageDataset Train, string TestName, ImageDataset Test)
    {
        /// <summary>Both sets, as the model wants them.</summary>
        public RunData Data => new(Train, Test);
    }

    /// <param name="shards">The malicious clients' shards, by client id.</param>
    /// <param name="trainer">The local trainer that registers an attack's extra dataset; null when workers train (they build their own).</param>
    public static (IDataPoisoning? Poisoning, AttackEvaluation? Evaluation) Build(
        AttackSettings attack, ulong runSeed, Datasets data, IReadOnlyDictionary<int, IReadOnlyList<int>> shards, TorchTrainer? trainer)
    {
        switch (attack.Kind)
        {
            case AttackKind.LabelFlip when attack.LabelFlip is { } flip:
                return (
                    shards.Count > 0 ? new LabelFlipPoisoning(data.TrainName, data.Train.Labels, runSeed, flip) : null,
                    SourceClassEvaluation(data, flip.Source, flip.Target));
            case AttackKind.DistributedFlip when attack.DistributedFlip is { } distributed:
                return (
                    shards.Count > 0 ? new DistributedFlipPoisoning(data.TrainName, data.Train.Labels, runSeed, distributed, shards) : null,
                    SourceClassEvaluation(data, distributed.Source, distributed.Target));
            case AttackKind.PixelBackdoor when attack.PixelBackdoor is { } pixel:
                var value = (float)(pixel.TriggerValue ?? data.Train.Features.Max());
                var backdoor = PixelBackdoor.WithFraction(pixel.Target, pixel.Fraction, PixelBackdoor.DefaultTrigger(data.Train.SampleShape, pixel.TriggerSize, value));
                var triggered = backdoor.EvaluationSet(data.Test);
                return (
                    shards.Count > 0 ? new PixelBackdoorPoisoning(data.Train with { Name = data.TrainName }, runSeed, backdoor) : null,
                    new AttackEvaluation(data.TestName, triggered, pixel.Target));
            case AttackKind.SemanticBackdoor when attack.SemanticBackdoor is { } semantic:
                var (subset, set, combined) = Semantic(semantic, runSeed, data);
                IDataPoisoning? poisoning = null;
                if (shards.Count > 0)
                {
                    trainer?.RegisterDataset(combined.Name, combined.Features, combined.SampleShape, combined.Labels, combined.Classes);
                    poisoning = new SemanticBackdoorPoisoning(combined.Name, data.Train.Labels, set, subset.Describe());
                }

                return (poisoning, new AttackEvaluation(data.TrainName, set.Evaluation, semantic.Target));
            default:
                return (null, null);
        }
    }

    /// <summary>
    /// The datasets jobs may name beyond the train and test sets, registered with a worker's trainer exactly as a run
    /// registers them (today: the semantic backdoor's training set with its augmented variants).
    /// </summary>
    public static void RegisterExtraDatasets(AttackSettings attack, ulong runSeed, Datasets data, TorchTrainer trainer)
    {
        if (attack.Kind == AttackKind.SemanticBackdoor && attack.SemanticBackdoor is { } semantic && attack.MaliciousClients > 0)
        {
            var combined = Semantic(semantic, runSeed, data).Combined;
            trainer.RegisterDataset(combined.Name, combined.Features, combined.SampleShape, combined.Labels, combined.Classes);
        }
    }

    private static (SemanticBackdoor Subset, SemanticBackdoorSet Set, ImageDataset Combined) Semantic(SemanticBackdoorSettings semantic, ulong runSeed, Datasets data)
    {
        var subset = new SemanticBackdoor(semantic.Source, semantic.Target, semantic.TrainMembers, semantic.HeldOut, semantic.Variants);
        var set = subset.Apply(data.Train, StableRandom.Derive(runSeed, SemanticSalt));
        return (subset, set, data.Train.Append(set.Augmented, $"{data.TrainName}-semantic-{semantic.Source}to{semantic.Target}"));
    }

    /// <summary>001 Def. 1: the source-class test samples, successes when predicted as the target.</summary>
    private static AttackEvaluation SourceClassEvaluation(Datasets data, int source, int target) =>
        new(data.TestName, new SampleSelection(Enumerable.Range(0, data.Test.Count).Where(i => data.Test.Labels[i] == source).ToArray()), target);
}
