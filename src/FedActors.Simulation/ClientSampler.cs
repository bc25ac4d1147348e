using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Samples a round's clients: K of N uniformly without replacement, from an RNG derived from (run seed, round) only.</summary>
public static class ClientSampler
{
    /// <summary>The RNG seed of <paramref name="round"/>'s sampling, journaled in <see cref="RoundStarted"/>.</summary>
    public static ulong RoundSeed(ulong runSeed, int round) => StableRandom.Derive(runSeed, round);

    /// <summary>
    /// <paramref name="perRound"/> distinct client ids in [0, <paramref name="clients"/>), ascending, through a partial
    /// Fisher–Yates shuffle, so every K-subset is equally likely.
    /// </summary>
    public static int[] Sample(ulong runSeed, int round, int clients, int perRound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perRound, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perRound, clients);
        ArgumentOutOfRangeException.ThrowIfNegative(round);

        var rng = new StableRandom(RoundSeed(runSeed, round));
        var ids = new int[clients];
        for (var i = 0; i < clients; i++)
        {
            ids[i] = i;
        }

        for (var i = 0; i < perRound; i++)
        {
            var j = i + (int)rng.NextInt64(clients - i);
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }

        var chosen = ids[..perRound];
        Array.Sort(chosen);
        return chosen;
    }
}
