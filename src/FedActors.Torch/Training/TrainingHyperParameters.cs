namespace FedActors.Torch;

public enum OptimizerKind
{
    Sgd,
    Adam,
}

/// <summary>Local training settings of a job.</summary>
public sealed record TrainingHyperParameters
{
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }

    public double WeightDecay { get; init; }

    /// <summary>The learning rate is multiplied by this after every epoch (1: constant).</summary>
    public double LrDecay { get; init; } = 1.0;

    public int Epochs { get; init; } = 1;

    public int BatchSize { get; init; } = 32;

    public double AdamBeta1 { get; init; } = 0.9;

    public double AdamBeta2 { get; init; } = 0.999;

    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting that is out of range.</summary>
    public TrainingHyperParameters Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        }

        if (Momentum is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "must be in [0, 1)");
        }

        if (WeightDecay < 0 || double.IsNaN(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be ≥ 0");
        }

        if (LrDecay is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LrDecay), LrDecay, "must be in (0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        return this;
    }
}
