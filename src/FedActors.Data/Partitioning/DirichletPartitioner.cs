using System.Globalization;
using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// <c>dirichlet</c>: for each class, draws proportions over the clients ~ Dir(α) and splits that class's samples
/// accordingly (Hsu et al., "Measuring the Effects of Non-Identical Data Distribution for Federated Visual
/// Classification", 2019). Small α gives each class to few clients; large α approaches the IID split.
/// </summary>
/// <remarks>
/// Reading: every sample is used. A class's shuffled samples are apportioned by largest remainder of the drawn
/// proportions. Clients are not redrawn when small, so with a small α a client may receive no samples at all.
/// </remarks>
internal sealed class DirichletPartitioner : Partitioner
{
    public DirichletPartitioner(double alpha)
    {
        if (!(alpha > 0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "dirichlet alpha must be finite and > 0");
        }

        Alpha = alpha;
    }

    /// <summary>The concentration α.</summary>
    public double Alpha { get; }

    public override string Kind => "dirichlet";

    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"partition dirichlet (alpha = {Alpha}, per-class proportions ~ Dir(alpha))");

    private protected override Partition SplitCore(IReadOnlyList<int> labels, int classes, int clients, StableRandom random)
    {
        var result = Enumerable.Range(0, clients).Select(_ => new List<int>()).ToArray();
        foreach (var members in IndicesByClass(labels, classes))
        {
            var shuffled = members.ToArray();
            random.Shuffle(shuffled.AsSpan());
            var proportions = Dirichlet.Sample(random, Alpha, clients);
            var parts = Cut(shuffled, Apportion(shuffled.Length, proportions));
            for (var k = 0; k < clients; k++)
            {
                result[k].AddRange(parts[k]);
            }
        }

        return new Partition(result.Select(c => c.ToArray()).ToArray());
    }
}
