using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>l2-check</c> filter stage (004 §3.2): drops a client whose update is farther than
/// <see cref="MaxDistance"/> (C_server) from some other update of the round.
/// </summary>
public sealed record L2CheckStageSettings(double MaxDistance, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "l2-check";

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
