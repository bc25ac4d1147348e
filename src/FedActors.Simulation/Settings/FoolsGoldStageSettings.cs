using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>foolsgold</c> weigher stage (Fung et al. 2018): weighs each client by how unlike the others its summed
/// update history is; <see cref="Kappa"/> is the logit's confidence κ (the paper's 1).
/// </summary>
public sealed record FoolsGoldStageSettings(double Kappa, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "foolsgold";

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
