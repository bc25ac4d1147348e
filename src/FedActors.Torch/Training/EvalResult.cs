namespace FedActors.Torch;

public sealed record EvalResult(ConfusionMatrix Confusion);
