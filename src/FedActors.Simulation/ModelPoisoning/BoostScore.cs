using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>What evaluating a <see cref="BoostEvaluationRequest"/> gave: the mean cross-entropy and the accuracy.</summary>
public sealed record BoostScore(double MeanLoss, double Accuracy)
{
    /// <summary>The score of a trainer's evaluation.</summary>
    public static BoostScore Of(EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new BoostScore(result.MeanLoss, result.Confusion.Accuracy);
    }
}
