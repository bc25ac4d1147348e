namespace FedActors.Simulation;

/// <summary>The <c>fedactors.attack.label-flip</c> settings: malicious clients relabel <see cref="Fraction"/> of their <see cref="Source"/> samples as <see cref="Target"/>.</summary>
public sealed record LabelFlipSettings(int Source, int Target, double Fraction);
