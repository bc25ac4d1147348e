namespace FedActors.Actors;

/// <summary>Stops the receiving actor when it is processed, after the messages enqueued before it.</summary>
public sealed class PoisonPill
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }
}
