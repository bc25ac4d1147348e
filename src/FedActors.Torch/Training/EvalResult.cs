namespace FedActors.Torch;

/// <summary>What an evaluation measured: the confusion matrix and the mean cross-entropy of the samples.</summary>
public sealed record EvalResult(ConfusionMatrix Confusion)
{
    /// <summary>
    /// Mean cross-entropy loss L(D, w) over the evaluated samples (summed in double, divided by their count); NaN
    /// where the trainer did not compute it.
    /// </summary>
    public double MeanLoss { get; init; } = double.NaN;
}
