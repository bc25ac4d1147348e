namespace FedActors.Simulation;

/// <summary>
/// The <c>fedactors.attack.semantic-backdoor</c> settings (000 §6.2): a seed-chosen subset of <see cref="Source"/>
/// training images, <see cref="TrainMembers"/> of them relabeled <see cref="Target"/> and augmented with
/// <see cref="Variants"/> rotated/cropped variants, <see cref="HeldOut"/> kept back as the attack's test set.
/// </summary>
public sealed record SemanticBackdoorSettings(int Source, int Target, int TrainMembers, int HeldOut, int Variants);
