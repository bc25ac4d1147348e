namespace FedActors.Torch;

/// <summary>A trainer that can train many jobs of one model in one computation (<see cref="TorchTrainer"/> with batching on).</summary>
public interface IBatchTrainer : ITrainer
{
    /// <summary>The key jobs must share to train in one batch, or null when this job trains alone.</summary>
    TrainBatchKey? BatchKey(TrainJob job);

    /// <summary>The most jobs like <paramref name="job"/> one batch takes (bounded by the trainer's memory limits).</summary>
    int BatchCapacity(TrainJob job);

    /// <summary>Trains jobs that share one <see cref="BatchKey"/>; results in the jobs' order.</summary>
    IReadOnlyList<TrainResult> TrainBatch(IReadOnlyList<TrainJob> jobs);
}
