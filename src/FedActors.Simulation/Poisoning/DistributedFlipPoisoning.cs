using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Distributed poisoning (001 Alg. 1; ALGORITHMS.md Reading): the budget of S poisoned source-class samples is split
/// over the P members, each relabeling its own source samples first and drawing the rest from the training pool.
/// </summary>
/// <remarks>
/// Reading: the attackers' poisoned data is drawn once per run, not per round, so the coalition poisons exactly S
/// samples over the whole run (001 poisons a fixed dataset). The draw is seeded by Derive(run seed,
/// <see cref="Stream"/>), and members take the attacker slots in ascending client id, so neither scheduling order nor
/// the round changes it. The pool is the whole training set.
/// </remarks>
public sealed class DistributedFlipPoisoning : IDataPoisoning
{
    /// <summary>Separates the distributed-poisoning draw from every per-round stream.</summary>
    public const long Stream = 0x4449_5354; // "DIST"

    private readonly string _dataset;
    private readonly DistributedPoisoning _poisoning;
    private readonly Dictionary<int, SampleSelection> _byMember = [];

    /// <param name="shards">Every member's shard, by client id.</param>
    public DistributedFlipPoisoning(string dataset, IReadOnlyList<int> labels, ulong runSeed, DistributedFlipSettings settings, IReadOnlyDictionary<int, IReadOnlyList<int>> shards)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(shards);
        _dataset = dataset;
        _poisoning = new DistributedPoisoning(settings.Source, settings.Target, settings.Budget, shards.Count);
        var members = shards.Keys.Order().ToArray();
        var selections = _poisoning.Apply(members.Select(m => shards[m]).ToArray(), Enumerable.Range(0, labels.Count).ToArray(), labels, StableRandom.Derive(runSeed, Stream));
        for (var a = 0; a < members.Length; a++)
        {
            _byMember[members[a]] = selections[a];
        }
    }

    public PoisonedTraining Poison(int clientId, IReadOnlyList<int> shard, int round) =>
        _byMember.TryGetValue(clientId, out var selection)
            ? new PoisonedTraining(_dataset, selection)
            : throw new ArgumentException($"client {clientId} is not a member of the distributed-poisoning coalition", nameof(clientId));

    public string Describe() => _poisoning.Describe();
}
