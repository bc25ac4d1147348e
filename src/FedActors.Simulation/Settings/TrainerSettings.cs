using FedActors.Hocon;
using FedActors.Torch;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.trainer</c> section: local training on clients.</summary>
public sealed record TrainerSettings(
    int Workers,
    TorchDevice Device,
    OptimizerKind Optimizer,
    int LocalEpochs,
    int BatchSize,
    double LearningRate,
    double Momentum,
    double WeightDecay,
    double LrDecay)
{
    /// <summary>Whether clients of fully connected models train in batches (<c>batching = auto</c>) or each alone (<c>off</c>).</summary>
    public bool Batching { get; init; } = true;

    /// <summary>The most clients one batched computation trains.</summary>
    public int MaxBatch { get; init; } = 1_000;

    /// <summary>The names <c>fedactors.trainer.batching</c> accepts.</summary>
    public static IReadOnlyList<string> BatchingModes { get; } = ["auto", "off"];

    /// <summary>The names <c>fedactors.trainer.optimizer</c> accepts.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = ["sgd", "adam"];

    private const string Section = "fedactors.trainer";

    /// <summary>Trainer threads to start: <see cref="Workers"/>, or one per CPU core when it is 0.</summary>
    public int EffectiveWorkers => Workers == 0 ? Environment.ProcessorCount : Workers;

    /// <summary>Reads and checks <c>fedactors.trainer</c> of a resolved configuration; a CUDA device where libtorch sees none is an error at the value.</summary>
    public static TrainerSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var workers = IntAtLeast(config, $"{Section}.workers", 0);
        var device = ReadDevice(config, $"{Section}.device");
        var optimizer = OneOf(config, $"{Section}.optimizer", Optimizers) == "adam" ? OptimizerKind.Adam : OptimizerKind.Sgd;
        return new TrainerSettings(
            workers,
            device,
            optimizer,
            IntAtLeast(config, $"{Section}.local-epochs", 1),
            IntAtLeast(config, $"{Section}.batch-size", 1),
            DoubleAbove(config, $"{Section}.learning-rate", 0),
            DoubleAtLeast(config, $"{Section}.momentum", 0, maxExclusive: 1),
            DoubleAtLeast(config, $"{Section}.weight-decay", 0),
            DoubleAbove(config, $"{Section}.lr-decay", 0, max: 1))
        {
            Batching = OneOf(config, $"{Section}.batching", BatchingModes) == "auto",
            MaxBatch = IntAtLeast(config, $"{Section}.max-batch", 1),
        };
    }

    /// <summary>A trainer in this process on <see cref="Device"/>, batching as configured.</summary>
    /// <param name="states">Where trained states' arrays come from (<see cref="VectorPool.Shared"/> when null).</param>
    public TorchTrainer CreateLocalTrainer(VectorPool? states = null) => new(Device, Batching, MaxBatch, states);

    /// <summary>The hyper-parameters of every local training job.</summary>
    public TrainingHyperParameters ToHyperParameters() => new TrainingHyperParameters
    {
        Optimizer = Optimizer,
        LearningRate = LearningRate,
        Momentum = Momentum,
        WeightDecay = WeightDecay,
        LrDecay = LrDecay,
        Epochs = LocalEpochs,
        BatchSize = BatchSize,
    }.Validate();

    private static TorchDevice ReadDevice(Config config, string path)
    {
        var name = config.GetString(path);
        try
        {
            return TorchDevice.Parse(name);
        }
        catch (Exception ex) when (ex is ArgumentException or TorchException)
        {
            // ArgumentException appends " (Parameter 'name')", which means nothing to someone editing a .conf file.
            var reason = ex is ArgumentException { ParamName: { } param } ? ex.Message.Replace($" (Parameter '{param}')", string.Empty, StringComparison.Ordinal) : ex.Message;
            throw new HoconException(config.GetValue(path).Position, $"{path} = '{name}': {reason}");
        }
    }
}
