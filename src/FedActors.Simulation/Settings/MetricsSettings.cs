using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.metrics</c> section: what is measured each round.</summary>
/// <param name="EvalEvery">Evaluate the global model every this many rounds.</param>
/// <param name="Csv">Write metrics.csv.</param>
/// <param name="EvalChunk">
/// Samples per evaluation job: the round's test (and attack) evaluation is cut into jobs of this many samples, which the
/// trainer workers share. A multiple of <see cref="EvalBatch"/>.
/// </param>
public sealed record MetricsSettings(int EvalEvery, bool Csv, int EvalChunk = MetricsSettings.DefaultEvalChunk)
{
    /// <summary>The evaluation batch (<see cref="FedActors.Torch.EvalJob.BatchSize"/>'s default).</summary>
    public const int EvalBatch = 256;

    /// <summary>Ten evaluation batches: MNIST's 10,000 test samples make four jobs.</summary>
    public const int DefaultEvalChunk = 10 * EvalBatch;

    private const string Section = "fedactors.metrics";

    /// <summary>Reads and checks <c>fedactors.metrics</c> of a resolved configuration.</summary>
    public static MetricsSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var chunk = IntAtLeast(config, $"{Section}.eval-chunk", EvalBatch);
        if (chunk % EvalBatch != 0)
        {
            // A chunk that ends inside a batch would evaluate the samples after it in other batches than one job does,
            // and a matrix product's rounding can depend on its batch: the metrics would depend on the chunk.
            throw Violation(config, $"{Section}.eval-chunk", $"must be a multiple of {EvalBatch}, the evaluation batch");
        }

        return new MetricsSettings(IntAtLeast(config, $"{Section}.eval-every", 1), config.GetBool($"{Section}.csv"), chunk);
    }
}
