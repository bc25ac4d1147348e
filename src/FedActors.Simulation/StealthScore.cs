namespace FedActors.Simulation;

/// <summary>
/// How inconspicuous one malicious update was (004 Tables 2–3): its cosine to the mean of the round's other updates,
/// and its largest L2 distance to a benign update.
/// </summary>
public sealed record StealthScore(int ClientId, double CosineToOthers, double MaxDistanceToBenign);
