using FedActors.Torch;

namespace FedActors.Data;

/// <summary>What <see cref="SemanticBackdoor.Apply"/> produces.</summary>
/// <param name="Members">The training members: indices into the training set, relabeled to the target.</param>
/// <param name="Augmented">A new dataset to register: the training members followed by their rotated/cropped variants, all labeled the target.</param>
/// <param name="Evaluation">The held-out members (indices into the training set) with their true labels: the attack succeeds where the model predicts the target.</param>
public sealed record SemanticBackdoorSet(SampleSelection Members, ImageDataset Augmented, SampleSelection Evaluation);
