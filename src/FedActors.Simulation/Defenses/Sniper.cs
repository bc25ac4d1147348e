namespace FedActors.Simulation;

/// <summary>
/// Sniper (001 Alg. 2): the honest candidates are a maximum clique of the graph joining two local models closer than
/// γ, with γ grown by ε until the clique holds more than half of the models.
/// </summary>
/// <remarks>
/// <para>
/// Distances between local models M_i = w + Δ_i equal distances between the updates Δ_i, so the graph is built on the
/// updates. The paper's loop condition "while Honest ≠ ∅" is read as "while Honest = ∅" (ALGORITHMS.md).
/// </para>
/// <para>
/// <b>Readings:</b> γ at step k is γ₀ + k·ε (computed, not accumulated), and steps that add no edge are skipped, which
/// gives the same clique as stepping one ε at a time; the loop ends at the latest once γ exceeds the largest distance,
/// where every pair is joined and the clique is everyone. Among several maximum cliques the one whose sorted member
/// list is lexicographically smallest wins.
/// </para>
/// </remarks>
public static class Sniper
{
    /// <summary>The honest set chosen from the pairwise <paramref name="distances"/> (L2, not squared), the final γ and the number of γ values tried.</summary>
    public static SniperResult Select(double[,] distances, double gamma0, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(distances);
        if (!(gamma0 >= 0) || !double.IsFinite(gamma0))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma0), gamma0, "must be finite and ≥ 0");
        }

        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "must be finite and > 0");
        }

        var n = distances.GetLength(0);
        if (distances.GetLength(1) != n)
        {
            throw new ArgumentException("the distance matrix must be square", nameof(distances));
        }

        if (n == 0)
        {
            return new SniperResult([], gamma0, 0);
        }

        long step = 0;
        var tries = 0;
        while (true)
        {
            var gamma = gamma0 + (step * epsilon);
            var adjacency = Graph(distances, gamma);
            var clique = MaximumClique(adjacency);
            tries++;
            if (2 * clique.Length > n)
            {
                return new SniperResult(clique, gamma, tries);
            }

            // The next γ that adds an edge: the smallest step with γ₀ + step·ε above the smallest distance not yet joined.
            var next = double.PositiveInfinity;
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    if (!adjacency[i, j] && distances[i, j] < next)
                    {
                        next = distances[i, j];
                    }
                }
            }

            if (!double.IsFinite(next))
            {
                throw new ArgumentException("the distances must be finite", nameof(distances));
            }

            step = Math.Max(step + 1, (long)Math.Floor((next - gamma0) / epsilon) + 1);
            while (gamma0 + (step * epsilon) <= next)
            {
                step++;
            }
        }
    }

    /// <summary>
    /// γ₀ and ε of <c>gamma-mode = relative</c>: <paramref name="factor"/> and <paramref name="step"/> times the median
    /// pairwise distance (i &lt; j). <b>Reading:</b> when that median is 0 the smallest positive distance is the scale
    /// instead, and 1 when every distance is 0.
    /// </summary>
    public static (double Gamma0, double Epsilon) RelativeSchedule(double[,] distances, double factor, double step)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var n = distances.GetLength(0);
        var pairs = new List<double>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                pairs.Add(distances[i, j]);
            }
        }

        pairs.Sort();
        var median = pairs.Count == 0 ? 0 : pairs.Count % 2 == 1 ? pairs[pairs.Count / 2] : (pairs[(pairs.Count / 2) - 1] + pairs[pairs.Count / 2]) / 2;
        var scale = median > 0 ? median : pairs.FirstOrDefault(d => d > 0, 1.0);
        return (factor * scale, step * scale);
    }

    /// <summary>The L2 distances (not squared) between the updates, from <see cref="Krum.SquaredDistances"/>.</summary>
    public static double[,] Distances(IReadOnlyList<float[]> updates) => Distances(Krum.SquaredDistances(updates));

    /// <summary>The L2 distances (not squared) from the squared ones.</summary>
    public static double[,] Distances(double[,] squared)
    {
        ArgumentNullException.ThrowIfNull(squared);
        var n = squared.GetLength(0);
        var distances = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                // The Gram-matrix form can leave tiny negatives from rounding.
                distances[i, j] = i == j ? 0 : Math.Sqrt(Math.Max(0, squared[i, j]));
            }
        }

        return distances;
    }

    /// <summary>The graph joining i ≠ j when distance(i, j) &lt; γ.</summary>
    public static bool[,] Graph(double[,] distances, double gamma)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var n = distances.GetLength(0);
        var adjacency = new bool[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                adjacency[i, j] = i != j && distances[i, j] < gamma;
            }
        }

        return adjacency;
    }

    /// <summary>
    /// A maximum clique of the undirected graph, by Bron–Kerbosch with pivoting (Tomita: the pivot maximizes |P ∩ N(u)|);
    /// ties between maximum cliques go to the lexicographically smallest sorted member list. Empty for an empty graph.
    /// </summary>
    public static int[] MaximumClique(bool[,] adjacency)
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        var n = adjacency.GetLength(0);
        if (adjacency.GetLength(1) != n)
        {
            throw new ArgumentException("the adjacency matrix must be square", nameof(adjacency));
        }

        var best = new List<int>();
        Expand(adjacency, [], Enumerable.Range(0, n).ToList(), [], best);
        return best.Order().ToArray();
    }

    /// <summary>One Bron–Kerbosch call: every maximal clique extending <paramref name="r"/> by vertices of <paramref name="p"/> and none of <paramref name="x"/>.</summary>
    private static void Expand(bool[,] adjacency, List<int> r, List<int> p, List<int> x, List<int> best)
    {
        if (p.Count == 0)
        {
            if (x.Count == 0 && Better(r, best))
            {
                best.Clear();
                best.AddRange(r);
            }

            return;
        }

        // Bound: a branch that cannot reach the best size cannot win (an equal size still can, on the tie-break).
        if (r.Count + p.Count < best.Count)
        {
            return;
        }

        var pivot = -1;
        var pivotDegree = -1;
        foreach (var u in p.Concat(x))
        {
            var degree = p.Count(v => adjacency[u, v]);
            if (degree > pivotDegree)
            {
                (pivot, pivotDegree) = (u, degree);
            }
        }

        foreach (var v in p.Where(v => !adjacency[pivot, v]).ToList())
        {
            r.Add(v);
            Expand(adjacency, r, p.Where(w => adjacency[v, w]).ToList(), x.Where(w => adjacency[v, w]).ToList(), best);
            r.RemoveAt(r.Count - 1);
            p.Remove(v);
            x.Add(v);
        }
    }

    /// <summary>Larger wins; at equal size, the lexicographically smaller sorted member list.</summary>
    private static bool Better(List<int> candidate, List<int> best)
    {
        if (candidate.Count != best.Count)
        {
            return candidate.Count > best.Count;
        }

        var a = candidate.Order().ToArray();
        var b = best.Order().ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i];
            }
        }

        return false;
    }
}
