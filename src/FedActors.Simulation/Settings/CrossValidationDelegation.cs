namespace FedActors.Simulation;

/// <summary>How <c>cross-validation</c> picks the evaluators of a sub-model (000 Algs. 2 and 4).</summary>
public enum CrossValidationDelegation
{
    /// <summary>Any of the round's clients (Alg. 2).</summary>
    Iid,

    /// <summary>For each class, clients that hold enough samples of it (Alg. 4).</summary>
    NonIid,
}
