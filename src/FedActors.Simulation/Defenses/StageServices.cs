using FedActors.Actors;
using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// What protocol-changing stages use besides the round's updates: the trainer pool to evaluate candidate models, the
/// model, and the server's labeled data (the registered test set, of which a stage takes a seeded validation subset).
/// </summary>
/// <param name="ServerDataset">The registered dataset the server holds labeled samples of.</param>
/// <param name="ServerSamples">How many samples it has (indices 0..n−1).</param>
public sealed record StageServices(IActorRef TrainerPool, ModelSpec Model, string ServerDataset, int ServerSamples, ulong RunSeed)
{
    private const long ValidationStream = 0x5641_4C49; // "VALI"

    /// <summary>
    /// The client actors (<c>Clients[i]</c> is client i), which cross-validation asks to evaluate sub-models; null where
    /// there are none (replay).
    /// </summary>
    public IReadOnlyList<IActorRef>? Clients { get; init; }

    /// <summary>The store the clients read models from by hash (with <see cref="Clients"/>).</summary>
    public ModelStore? Models { get; init; }

    /// <summary>
    /// The samples of <see cref="ServerDataset"/> themselves, for a stage that trains on them in-process (PDGAN's
    /// auxiliary data); null where the caller has none.
    /// </summary>
    public ImageDataset? ServerData { get; init; }

    /// <summary>
    /// The server's validation set: <paramref name="count"/> samples of <see cref="ServerDataset"/> drawn from the run
    /// seed (all of them when it has fewer).
    /// </summary>
    public SampleSelection Validation(int count)
    {
        var indices = Enumerable.Range(0, ServerSamples).ToArray();
        new StableRandom(StableRandom.Derive(RunSeed, ValidationStream)).Shuffle(indices.AsSpan());
        return new SampleSelection(indices.Take(Math.Min(count, ServerSamples)).Order().ToArray());
    }
}
