namespace FedActors.Simulation;

/// <summary>
/// The <c>fedactors.attack.pixel-backdoor</c> settings: each malicious client adds triggered copies of
/// <see cref="Fraction"/> of its non-target samples, labeled <see cref="Target"/>.
/// </summary>
/// <param name="TriggerSize">The side of the square patch painted at the bottom-right corner, in pixels.</param>
/// <param name="TriggerValue">The value painted; null means the maximum feature value of the training set.</param>
public sealed record PixelBackdoorSettings(int Target, double Fraction, int TriggerSize, double? TriggerValue);
