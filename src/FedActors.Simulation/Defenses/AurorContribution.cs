namespace FedActors.Simulation;

/// <summary>A client's summed features of <paramref name="Count"/> rounds, the latest of them <paramref name="Round"/>.</summary>
internal sealed record AurorContribution(int Round, int Count, double[] Sum);
