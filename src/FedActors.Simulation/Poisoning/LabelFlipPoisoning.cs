using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Label flipping (ALGORITHMS.md, Attacks): each member relabels a seed-chosen share of its source-class samples.</summary>
/// <remarks>The draw of member k in round t is seeded by Derive(run seed, t, k, <see cref="Stream"/>).</remarks>
public sealed class LabelFlipPoisoning(string dataset, IReadOnlyList<int> labels, ulong runSeed, LabelFlipSettings settings) : IDataPoisoning
{
    /// <summary>Separates the label-flip draw's stream from the training seed of the same (round, client).</summary>
    public const long Stream = 1;

    private readonly LabelFlip _flip = new(settings.Source, settings.Target, settings.Fraction);

    /// <summary>The seed of the label-flip draw for <paramref name="clientId"/> in <paramref name="round"/>.</summary>
    public static ulong Seed(ulong runSeed, int round, int clientId) => StableRandom.Derive(runSeed, round, clientId, Stream);

    public PoisonedTraining Poison(int clientId, IReadOnlyList<int> shard, int round) =>
        new(dataset, _flip.Apply(shard, labels, Seed(runSeed, round, clientId)));

    public string Describe() => _flip.Describe();
}
