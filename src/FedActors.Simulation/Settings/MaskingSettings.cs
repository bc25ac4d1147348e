namespace FedActors.Simulation;

/// <summary>
/// The <c>fedactors.attack.masking</c> settings (003, Shokri's DSSGD): every client adds Laplace(0, <see cref="LaplaceB"/>)
/// noise to the update it submits; 0 turns masking off.
/// </summary>
public sealed record MaskingSettings(double LaplaceB)
{
    public static MaskingSettings Off { get; } = new(0);

    public bool Enabled => LaplaceB > 0;
}
