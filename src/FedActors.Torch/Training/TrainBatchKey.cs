namespace FedActors.Torch;

/// <summary>
/// What jobs must share to train in one batch: the model (its layer list), the dataset, the hyper-parameters, the
/// number of samples (every client takes the same steps) and the pixel trigger. Seeds, starting states, sample
/// indices and replacement labels may differ.
/// </summary>
public sealed record TrainBatchKey(string Model, string Dataset, TrainingHyperParameters Hyper, int Samples, PixelTrigger? Trigger)
{
    public static TrainBatchKey Of(TrainJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new TrainBatchKey(job.Model.Identity, job.Dataset, job.Hyper, job.Samples.Count, job.Samples.Trigger);
    }
}
