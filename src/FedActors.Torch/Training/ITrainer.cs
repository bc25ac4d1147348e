namespace FedActors.Torch;

/// <summary>Runs training and evaluation jobs on flat state vectors (locally, or on workers elsewhere).</summary>
public interface ITrainer
{
    TrainResult Train(TrainJob job);

    EvalResult Evaluate(EvalJob job);
}
