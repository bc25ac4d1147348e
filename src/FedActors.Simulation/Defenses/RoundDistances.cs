namespace FedActors.Simulation;

/// <summary>
/// The squared distances between a round's updates, shared by the stages of one pipeline run (Krum, Multi-Krum,
/// Sniper, the L2 check): the K × K matrix is computed once, through chunked Gram products that read the updates in
/// place, and a stage asking about a subset of those updates gets its rows and columns without computing anything.
/// Updates are recognized by identity, so a transform stage's new arrays (norm clipping) get a new matrix.
/// </summary>
public sealed class RoundDistances
{
    private readonly Lock _gate = new();
    private Dictionary<float[], int> _positions = new(ReferenceEqualityComparer.Instance);
    private double[,] _matrix = new double[0, 0];

    /// <summary>How many matrices were computed (a second one only when a stage asks about updates the first lacked).</summary>
    public int Computations { get; private set; }

    /// <summary>The squared distances between <paramref name="updates"/>, in their order.</summary>
    public double[,] Squared(IReadOnlyList<float[]> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        lock (_gate)
        {
            if (!updates.All(_positions.ContainsKey))
            {
                _matrix = Krum.SquaredDistances(updates);
                _positions = new Dictionary<float[], int>(ReferenceEqualityComparer.Instance);
                for (var i = 0; i < updates.Count; i++)
                {
                    _positions.TryAdd(updates[i], i);
                }

                Computations++;
            }

            var rows = updates.Select(u => _positions[u]).ToArray();
            var result = new double[rows.Length, rows.Length];
            for (var a = 0; a < rows.Length; a++)
            {
                for (var b = 0; b < rows.Length; b++)
                {
                    result[a, b] = rows[a] == rows[b] ? 0 : _matrix[rows[a], rows[b]];
                }
            }

            return result;
        }
    }
}
