namespace FedActors.Cli.Bench;

/// <summary>
/// How long a throughput case runs: warm-up iterations (JIT, thread pool growth, caches) for at least
/// <see cref="Warmup"/>, then measured iterations for at least <see cref="Budget"/>, within the iteration bounds.
/// </summary>
public sealed record IterationPlan(int MinWarmups, TimeSpan Warmup, int MinIterations, int MaxIterations, TimeSpan Budget)
{
    /// <summary>A real measurement: a second of warm-up, then at least 5 iterations over at least 3 seconds.</summary>
    public static IterationPlan Full { get; } = new(2, TimeSpan.FromSeconds(1), 5, 100, TimeSpan.FromSeconds(3));

    /// <summary>CI smoke test: one warm-up and one measured iteration.</summary>
    public static IterationPlan Quick { get; } = new(1, TimeSpan.Zero, 1, 1, TimeSpan.Zero);

    public static IterationPlan For(BenchContext context) => context.Quick ? Quick : Full;
}
