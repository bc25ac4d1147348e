using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Pixel-trigger backdoor (ALGORITHMS.md, Attacks): each member trains on its shard plus triggered copies of some of its samples, labeled the target.</summary>
/// <remarks>The copies of member k in round t are chosen with Derive(run seed, t, k, <see cref="Stream"/>).</remarks>
public sealed class PixelBackdoorPoisoning(ImageDataset train, ulong runSeed, PixelBackdoor backdoor) : IDataPoisoning
{
    /// <summary>Separates the pixel-backdoor draw from the training seed of the same (round, client).</summary>
    public const long Stream = 0x5049_5845; // "PIXE"

    public static ulong Seed(ulong runSeed, int round, int clientId) => StableRandom.Derive(runSeed, round, clientId, Stream);

    public PoisonedTraining Poison(int clientId, IReadOnlyList<int> shard, int round) =>
        new(train.Name, backdoor.Apply(train, shard, Seed(runSeed, round, clientId)));

    public string Describe() => backdoor.Describe();
}
