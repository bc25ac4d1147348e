using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Semantic backdoor (000 §6.2): each member trains on its shard plus every augmented training member of the semantic
/// subset, labeled the target. <paramref name="combinedDataset"/> names the training set with
/// <see cref="SemanticBackdoorSet.Augmented"/> appended (<see cref="ImageDataset.Append"/>), registered with the trainer.
/// </summary>
/// <remarks>
/// Reading: every member trains on the whole augmented set (the subset is the coalition's shared knowledge); the
/// subset is drawn once per run from the run seed, so its held-out members stay a fixed test set.
/// </remarks>
public sealed class SemanticBackdoorPoisoning(string combinedDataset, IReadOnlyList<int> trainLabels, SemanticBackdoorSet set, string description) : IDataPoisoning
{
    public PoisonedTraining Poison(int clientId, IReadOnlyList<int> shard, int round)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var augmented = set.Augmented;
        var indices = shard.Concat(Enumerable.Range(trainLabels.Count, augmented.Count)).ToArray();
        var labels = shard.Select(i => trainLabels[i]).Concat(augmented.Labels).ToArray();
        return new PoisonedTraining(combinedDataset, new SampleSelection(indices) { Labels = labels });
    }

    public string Describe() => description;
}
