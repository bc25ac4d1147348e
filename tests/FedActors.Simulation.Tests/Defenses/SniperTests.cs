using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class SniperTests
{
    [Fact]
    public void MaximumClique_MatchesBruteForce_OnRandomSmallGraphs()
    {
        for (var trial = 0; trial < 400; trial++)
        {
            // Arrange: seeded graphs of 0..12 vertices with edge densities from sparse to dense.
            var random = new StableRandom(StableRandom.Derive(2024, trial));
            var n = (int)random.NextInt64(13);
            var density = random.NextDouble();
            var adjacency = new bool[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    adjacency[i, j] = adjacency[j, i] = random.NextDouble() < density;
                }
            }

            // Act
            var clique = Sniper.MaximumClique(adjacency);

            // Assert
            Assert.Equal(BruteForce(adjacency), clique);
        }
    }

    [Fact]
    public void MaximumClique_TriangleAndAnEdge_TheTriangle()
    {
        var adjacency = Graph(5, (0, 3), (3, 4), (0, 4), (1, 2));

        Assert.Equal([0, 3, 4], Sniper.MaximumClique(adjacency));
    }

    [Fact]
    public void MaximumClique_TwoTriangles_TheLexicographicallySmallest()
    {
        // {1, 4, 5} and {1, 2, 6}: same size, [1, 2, 6] < [1, 4, 5].
        var adjacency = Graph(7, (1, 4), (4, 5), (1, 5), (1, 2), (2, 6), (1, 6));

        Assert.Equal([1, 2, 6], Sniper.MaximumClique(adjacency));
    }

    [Fact]
    public void MaximumClique_NoEdges_TheFirstVertex_AndEmptyForNoVertices()
    {
        Assert.Equal([0], Sniper.MaximumClique(new bool[3, 3]));
        Assert.Empty(Sniper.MaximumClique(new bool[0, 0]));
    }

    [Fact]
    public void Select_ACloseMajorityAtTheFirstGamma_IsKeptAtOnce()
    {
        // 1-D points 0, 0.1, 0.2, 5, 5.1: at γ = 0.5 the first three form a clique of 3 > 5/2.
        var distances = Line(0, 0.1, 0.2, 5, 5.1);

        var result = Sniper.Select(distances, 0.5, 0.05);

        Assert.Equal([0, 1, 2], result.Honest);
        Assert.Equal(0.5, result.Gamma);
        Assert.Equal(1, result.Tries);
    }

    [Fact]
    public void Select_GrowsGammaUntilAMajorityClique()
    {
        // 1-D points 0, 0.63, 1.26, 10. γ = 0.5: no edge. The next γ = 0.5 + k·0.05 above 0.63 is 0.65 (k = 3): edges 0–1,
        // 1–2, clique of 2, not > 4/2. The next above 1.26 is 1.3 (k = 16): clique {0, 1, 2} of 3 > 2.
        var distances = Line(0, 0.63, 1.26, 10);

        var result = Sniper.Select(distances, 0.5, 0.05);

        Assert.Equal([0, 1, 2], result.Honest);
        Assert.Equal(0.5 + (16 * 0.05), result.Gamma, 12);
        Assert.Equal(3, result.Tries);
    }

    [Fact]
    public void Select_EqualsSteppingOneEpsilonAtATime_OnRandomPoints()
    {
        for (var trial = 0; trial < 100; trial++)
        {
            var random = new StableRandom(StableRandom.Derive(7, trial));
            var n = 1 + (int)random.NextInt64(10);
            var points = Enumerable.Range(0, n).Select(_ => new[] { (float)(3 * random.NextDouble()), (float)(3 * random.NextDouble()) }).ToList();
            var distances = Sniper.Distances(points);

            var fast = Sniper.Select(distances, 0.5, 0.05);

            Assert.Equal(NaiveSelect(distances, 0.5, 0.05), fast.Honest);
        }
    }

    [Fact]
    public void Select_GammaBeyondTheLargestDistance_KeepsEveryone()
    {
        // Two points 3 apart: a lone vertex is no majority of 2 until γ exceeds 3, where the pair joins.
        var distances = Line(0, 3);

        var result = Sniper.Select(distances, 0.5, 0.05);

        Assert.Equal([0, 1], result.Honest);
        Assert.Equal(3.05, result.Gamma, 9);
        Assert.Equal(2, result.Tries);
    }

    [Fact]
    public void RelativeSchedule_ScalesByTheMedianDistance()
    {
        // 1-D points 0, 1, 3: distances 1, 3, 2, median 2.
        var (gamma0, epsilon) = Sniper.RelativeSchedule(Line(0, 1, 3), factor: 0.5, step: 0.05);

        Assert.Equal(1.0, gamma0, 12);
        Assert.Equal(0.1, epsilon, 12);
    }

    [Fact]
    public void RelativeSchedule_MedianZero_UsesTheSmallestPositiveDistance()
    {
        // 1-D points 0, 0, 0, 0, 2: ten distances, six 0 and four 2, median 0 → the scale is 2.
        var (gamma0, epsilon) = Sniper.RelativeSchedule(Line(0, 0, 0, 0, 2), factor: 0.5, step: 0.05);

        Assert.Equal(1.0, gamma0, 12);
        Assert.Equal(0.1, epsilon, 12);
    }

    [Fact]
    public void Distances_AreTheL2Distances()
    {
        var distances = Sniper.Distances([[0f, 0f], [3f, 4f]]);

        Assert.Equal(5.0, distances[0, 1], 5);
        Assert.Equal(0.0, distances[1, 1]);
    }

    private static int[] NaiveSelect(double[,] distances, double gamma0, double epsilon)
    {
        var n = distances.GetLength(0);
        for (var k = 0; ; k++)
        {
            var clique = Sniper.MaximumClique(Sniper.Graph(distances, gamma0 + (k * epsilon)));
            if (2 * clique.Length > n)
            {
                return clique;
            }
        }
    }

    private static int[] BruteForce(bool[,] adjacency)
    {
        var n = adjacency.GetLength(0);
        int[] best = [];
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var members = Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0).ToArray();
            var isClique = members.All(i => members.All(j => i == j || adjacency[i, j]));
            if (isClique && (members.Length > best.Length || (members.Length == best.Length && Compare(members, best) < 0)))
            {
                best = members;
            }
        }

        return best;
    }

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return 0;
    }

    private static bool[,] Graph(int n, params (int, int)[] edges)
    {
        var adjacency = new bool[n, n];
        foreach (var (i, j) in edges)
        {
            adjacency[i, j] = adjacency[j, i] = true;
        }

        return adjacency;
    }

    private static double[,] Line(params double[] points)
    {
        var distances = new double[points.Length, points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            for (var j = 0; j < points.Length; j++)
            {
                distances[i, j] = Math.Abs(points[i] - points[j]);
            }
        }

        return distances;
    }
}
