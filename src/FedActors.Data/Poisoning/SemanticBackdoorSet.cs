using FedActors.Torch;

namespace FedActors.Data;

/// <summary>What <see cref="SemanticBackdoor.Apply"/> produces.</summary>
/// <param name="Members">The training members: indices into the training set, relabeled to the target.</param>
/// <param name="Augmented">A new dataset to register: the training members followed by their rotated/cropped variants, all labeled the target.</param>
/// <param name="Evaluation">The held-out members (indices into the training set) with their true labels: the attack succeeds where the model predicts the target.</param>
public sealed record SemanticBackdoorSet(SampleSelection Members, ImageDataset Augmented, SampleSelection Evaluation)
{
    /// <summary>
    /// An attacker's training set: the training set with <see cref="Augmented"/> appended (register it once under its
    /// name), and the attacker's <paramref name="shard"/> plus every augmented sample, labeled the target.
    /// </summary>
    public (ImageDataset Combined, SampleSelection Selection) ForAttacker(ImageDataset train, IReadOnlyList<int> shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var combined = train.Append(Augmented, $"{Augmented.Name}-combined");
        var indices = shard.Concat(Enumerable.Range(train.Count, Augmented.Count)).ToArray();
        var labels = shard.Select(i => train.Labels[i]).Concat(Augmented.Labels).ToArray();
        return (combined, new SampleSelection(indices) { Labels = labels });
    }
}
