namespace FedActors.Simulation;

/// <summary>The poisoning attacks <c>fedactors.attack.type</c> can name.</summary>
public enum AttackKind
{
    None,
    LabelFlip,
    DistributedFlip,
    PixelBackdoor,
    SemanticBackdoor,
}
