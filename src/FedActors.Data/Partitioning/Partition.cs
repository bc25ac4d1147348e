namespace FedActors.Data;

/// <summary>
/// An assignment of dataset samples to clients: client k (0..N−1) trains on the sample indices <c>this[k]</c>, and no
/// sample belongs to two clients.
/// </summary>
public sealed class Partition
{
    private readonly int[][] _clients;

    public Partition(IReadOnlyList<int[]> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients.Select(c => c ?? throw new ArgumentNullException(nameof(clients))).ToArray();
    }

    /// <summary>The number of clients N.</summary>
    public int Clients => _clients.Length;

    /// <summary>The sample indices of client <paramref name="client"/>.</summary>
    public IReadOnlyList<int> this[int client] => _clients[client];

    /// <summary>The number of samples client <paramref name="client"/> holds (its n_k).</summary>
    public int Size(int client) => _clients[client].Length;

    /// <summary>The number of samples assigned to any client.</summary>
    public int TotalSamples => _clients.Sum(c => c.Length);

    /// <summary>A copy of client <paramref name="client"/>'s sample indices.</summary>
    public int[] Indices(int client) => (int[])_clients[client].Clone();

    /// <summary>How many samples of each class client <paramref name="client"/> holds.</summary>
    public int[] LabelHistogram(int client, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var histogram = new int[classes];
        foreach (var index in _clients[client])
        {
            histogram[labels[index]]++;
        }

        return histogram;
    }
}
