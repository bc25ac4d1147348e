namespace FedActors.Simulation;

/// <summary>The samples a <see cref="BoostEvaluationRequest"/> is evaluated on.</summary>
public enum BoostEvaluationSet
{
    /// <summary>D_tar, the coalition's targeted (poisoned) samples: L(D_tar, ŵ).</summary>
    Target,

    /// <summary>D_m, the training samples of member <see cref="BoostEvaluationRequest.Member"/>: L(D_m, w_m).</summary>
    Member,

    /// <summary>The coalition's own validation data, standing in for the server's D_test of 004 Eq. 3.</summary>
    Validation,
}
