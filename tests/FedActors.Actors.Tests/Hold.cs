namespace FedActors.Actors.Tests;

/// <summary>
/// Keeps an actor busy: the handler tells <see cref="Holding"/> to the sender and then blocks until
/// <see cref="Gate"/> opens (at most 30 s, a guard for a test that fails before it opens the gate), so that the test
/// can queue messages behind it deterministically.
/// </summary>
internal sealed record Hold(ManualResetEventSlim Gate)
{
    public const string Holding = "holding";

    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(30);

    /// <summary>Runs inside the actor: reports, then blocks on the gate.</summary>
    public void Block(IActorRef sender, IActorRef self)
    {
        sender.Tell(Holding, self);
        Gate.Wait(MaxHold);
    }
}
