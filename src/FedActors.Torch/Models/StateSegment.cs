namespace FedActors.Torch;

public enum StateSegmentKind
{
    Weight = 0,
    Bias = 1,
    NormWeight = 2,
    NormBias = 3,
    RunningMean = 4,
    RunningVariance = 5,
}

/// <summary>One tensor of the flat state vector: what it is, its length, and the fan-in used to initialize it.</summary>
public sealed record StateSegment(StateSegmentKind Kind, long Length, long FanIn);
