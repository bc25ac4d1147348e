namespace FedActors.Simulation;

/// <summary>
/// One defense stage's verdict on one client's update: dropped, or kept with an aggregation weight (1 when the stage
/// does not reweight).
/// </summary>
public sealed record ClientDecision(int ClientId, bool Keep, double Weight)
{
    public static ClientDecision Kept(int clientId, double weight = 1.0) => new(clientId, true, weight);

    public static ClientDecision Dropped(int clientId) => new(clientId, false, 0.0);
}
