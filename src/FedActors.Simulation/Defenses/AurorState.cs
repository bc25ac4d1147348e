namespace FedActors.Simulation;

/// <summary>
/// What <c>auror</c> carries across rounds: the excluded clients and, per client, its features of the rounds in the
/// window (one contribution per round, or, with window 0, one running sum of every round).
/// </summary>
internal sealed class AurorState
{
    public SortedSet<int> Excluded { get; } = [];

    public SortedDictionary<int, List<AurorContribution>> Clients { get; } = [];

    /// <summary>Adds <paramref name="features"/> of <paramref name="round"/> to the client's; window 0 keeps one running sum.</summary>
    public void Add(int client, int round, double[] features, int window)
    {
        if (!Clients.TryGetValue(client, out var contributions))
        {
            Clients[client] = contributions = [];
        }

        if (contributions.Count > 0 && contributions[0].Sum.Length != features.Length)
        {
            throw new ArgumentException($"auror has {contributions[0].Sum.Length} features of client {client}, but its update gives {features.Length}");
        }

        if (window == 0 && contributions.Count > 0)
        {
            var previous = contributions[0];
            contributions[0] = new AurorContribution(round, previous.Count + 1, previous.Sum.Zip(features, (a, b) => a + b).ToArray());
        }
        else
        {
            contributions.Add(new AurorContribution(round, 1, features));
        }
    }

    /// <summary>Forgets the contributions older than the last <paramref name="window"/> rounds up to <paramref name="round"/> (none for window 0).</summary>
    public void Prune(int round, int window)
    {
        if (window == 0)
        {
            return;
        }

        foreach (var client in Clients.Keys.ToList())
        {
            Clients[client].RemoveAll(c => c.Round <= round - window);
            if (Clients[client].Count == 0)
            {
                Clients.Remove(client);
            }
        }
    }

    /// <summary>The client's accumulated features: the mean over the rounds it contributed in the window.</summary>
    public double[] Mean(int client)
    {
        var contributions = Clients[client];
        var count = contributions.Sum(c => c.Count);
        var mean = new double[contributions[0].Sum.Length];
        foreach (var contribution in contributions)
        {
            for (var j = 0; j < mean.Length; j++)
            {
                mean[j] += contribution.Sum[j] / count;
            }
        }

        return mean;
    }

    /// <summary>
    /// The state as bytes, little-endian: the number of excluded clients and their ids (ascending); the number of
    /// clients, then per client (ascending id) its id and number of contributions, per contribution its round, count,
    /// length and float64 sums.
    /// </summary>
    public byte[] Encode()
    {
        var writer = new StageStateWriter().Int(Excluded.Count);
        foreach (var client in Excluded)
        {
            writer.Int(client);
        }

        writer.Int(Clients.Count);
        foreach (var (client, contributions) in Clients)
        {
            writer.Int(client).Int(contributions.Count);
            foreach (var contribution in contributions)
            {
                writer.Int(contribution.Round).Int(contribution.Count).Doubles(contribution.Sum);
            }
        }

        return writer.ToArray();
    }

    /// <summary>The state <see cref="Encode"/> wrote; empty for null; a malformed state fails the stage.</summary>
    public static AurorState Decode(byte[]? bytes)
    {
        var state = new AurorState();
        if (bytes is null)
        {
            return state;
        }

        var reader = new StageStateReader(bytes, "auror");
        var excluded = reader.Count();
        for (var i = 0; i < excluded; i++)
        {
            state.Excluded.Add(reader.Int());
        }

        var clients = reader.Count();
        for (var c = 0; c < clients; c++)
        {
            var client = reader.Int();
            var count = reader.Count();
            var contributions = new List<AurorContribution>(count);
            for (var k = 0; k < count; k++)
            {
                var round = reader.Int();
                var rounds = reader.Int();
                contributions.Add(new AurorContribution(round, rounds, reader.Doubles()));
            }

            state.Clients[client] = contributions;
        }

        reader.End();
        return state;
    }
}
