namespace FedActors.Simulation;

/// <summary>Sniper's verdict: the kept positions (sorted), the γ that produced them, and how many γ values were tried.</summary>
public sealed record SniperResult(int[] Honest, double Gamma, int Tries);
