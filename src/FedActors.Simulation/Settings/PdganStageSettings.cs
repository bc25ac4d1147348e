using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>pdgan</c> filter stage (002 Alg. 1): the server trains a generator against the global model as discriminator
/// on auxiliary data of a few classes; from round <see cref="DIter"/> on it drops the clients whose model w + δ_k labels
/// the generated samples with accuracy below η (the per-sample majority label being the truth).
/// </summary>
/// <param name="DIter">The first round that is judged; before it the stage only trains the GAN and keeps everyone.</param>
/// <param name="Threshold">η: an accuracy, or a share of the round's median accuracy (<see cref="ThresholdMode"/>).</param>
/// <param name="AuxiliaryClasses">The classes of the server's auxiliary real data (002 §5.3: MNIST 0 and 4).</param>
/// <param name="AuxiliarySamples">At most this many auxiliary samples, a seeded subset of the test set's samples of those classes.</param>
/// <param name="GeneratedSamples">|X_fake|, the generated samples each round's models are audited on.</param>
/// <param name="GanSteps">Alternating discriminator/generator updates per round.</param>
public sealed record PdganStageSettings(
    int DIter,
    double Threshold,
    PdganThresholdMode ThresholdMode,
    IReadOnlyList<int> AuxiliaryClasses,
    int AuxiliarySamples,
    int GeneratedSamples,
    int GanSteps,
    int BatchSize,
    double LearningRate,
    int NoiseDim,
    HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "pdgan";

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
