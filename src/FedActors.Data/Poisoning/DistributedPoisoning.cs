using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// Distributed poisoning (paper 001, Alg. 1, with ALGORITHMS.md's Reading): a budget of <see cref="Budget"/> poisoned
/// samples is split evenly over <see cref="Attackers"/> attackers. Each attacker relabels its own samples of class
/// <see cref="Source"/> first, then draws the rest of its share from the source-class samples of the training pool,
/// and trains on its shard plus those samples, all relabeled <see cref="Target"/>.
/// </summary>
/// <remarks>
/// The share is Budget / Attackers; a remainder r = Budget mod Attackers goes one sample each to the first r
/// attackers, so exactly <see cref="Budget"/> samples are poisoned. A pool sample is never taken by two attackers,
/// and never one that lies in any attacker's shard (that one is its holder's to relabel).
/// </remarks>
public sealed record DistributedPoisoning
{
    public DistributedPoisoning(int source, int target, int budget, int attackers)
    {
        PoisonDraw.CheckClass(source, nameof(source));
        PoisonDraw.CheckClass(target, nameof(target));
        if (source == target)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "the target class must differ from the source class");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(attackers, 1);
        Source = source;
        Target = target;
        Budget = budget;
        Attackers = attackers;
    }

    public int Source { get; }

    public int Target { get; }

    /// <summary>S: the poisoned samples of all attackers together.</summary>
    public int Budget { get; }

    /// <summary>P: the number of attackers.</summary>
    public int Attackers { get; }

    /// <summary>How many samples attacker <paramref name="attacker"/> (0-based) poisons: S/P, plus one for the first S mod P.</summary>
    public int ShareOf(int attacker)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attacker);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(attacker, Attackers);
        return Budget / Attackers + (attacker < Budget % Attackers ? 1 : 0);
    }

    /// <summary>One selection per attacker: its shard (own source samples relabeled first) followed by the pool samples it drew, relabeled.</summary>
    /// <param name="shards">The attackers' own sample indices, one list per attacker.</param>
    /// <param name="pool">The training pool's sample indices (typically the whole training set).</param>
    /// <param name="labels">The labels of the whole dataset all indices point into.</param>
    public IReadOnlyList<SampleSelection> Apply(IReadOnlyList<IReadOnlyList<int>> shards, IReadOnlyList<int> pool, IReadOnlyList<int> labels, ulong seed)
    {
        if (shards.Count != Attackers)
        {
            throw new ArgumentException($"{shards.Count} attacker shards for {Attackers} attackers", nameof(shards));
        }

        var inShards = shards.SelectMany(s => s).ToHashSet();
        var candidates = pool.Distinct().Where(i => labels[i] == Source && !inShards.Contains(i)).ToArray();
        new StableRandom(StableRandom.Derive(seed, -1)).Shuffle(candidates.AsSpan());
        var nextCandidate = 0;

        var selections = new SampleSelection[Attackers];
        for (var a = 0; a < Attackers; a++)
        {
            var shard = shards[a];
            var share = ShareOf(a);
            var own = PoisonDraw.PositionsOfClass(shard, labels, Source);
            var relabeled = PoisonDraw.Choose(own, Math.Min(share, own.Count), new StableRandom(StableRandom.Derive(seed, a)));
            var fromPool = share - relabeled.Length;
            if (nextCandidate + fromPool > candidates.Length)
            {
                throw new ArgumentException(
                    $"distributed poisoning: attacker {a} needs {fromPool} more samples of class {Source} from the pool, but only " +
                    $"{candidates.Length - nextCandidate} are left; lower the budget ({Budget}) or use fewer attackers ({Attackers})");
            }

            var indices = shard.Concat(candidates.Skip(nextCandidate).Take(fromPool)).ToArray();
            nextCandidate += fromPool;
            var newLabels = indices.Select(i => labels[i]).ToArray();
            foreach (var position in relabeled)
            {
                newLabels[position] = Target;
            }

            for (var i = shard.Count; i < indices.Length; i++)
            {
                newLabels[i] = Target;
            }

            selections[a] = new SampleSelection(indices) { Labels = newLabels };
        }

        return selections;
    }

    public string Describe() => $"distributed-poisoning {Source}->{Target}, budget {Budget} over {Attackers} attackers";
}
