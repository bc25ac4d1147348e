using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>krum</c> and <c>multi-krum</c> filter stages (Blanchard et al. 2017): <see cref="F"/> is the number of
/// Byzantine clients tolerated; Krum keeps one update, Multi-Krum <see cref="Keep"/> (default K − f).
/// </summary>
public sealed record KrumStageSettings(string Kind, int F, int? Keep, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string KrumName = "krum";
    public const string MultiKrumName = "multi-krum";

    public override string Type => Kind;

    public override bool IsAggregator => false;
}
