namespace FedActors.Cli.Bench;

/// <summary>One measurement: which benchmark, which case of it (a size or a pattern), what was measured, its value and unit.</summary>
public sealed record BenchRow
{
    public BenchRow(string bench, string @case, string metric, double value, string unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(bench);
        ArgumentException.ThrowIfNullOrEmpty(@case);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ArgumentException.ThrowIfNullOrEmpty(unit);

        // JSON has no NaN or infinity; a measurement that produced one is a bug of the benchmark.
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{bench} {@case} {metric} must be a finite number");
        }

        Bench = bench;
        Case = @case;
        Metric = metric;
        Value = value;
        Unit = unit;
    }

    /// <summary>The benchmark's name, as in <c>fedactors bench NAME</c>.</summary>
    public string Bench { get; }

    /// <summary>The case: the actor count or the pattern measured, such as <c>100000</c> or <c>ping-pong</c>.</summary>
    public string Case { get; }

    /// <summary>What was measured, in kebab-case, such as <c>messages-per-second</c>.</summary>
    public string Metric { get; }

    public double Value { get; }

    /// <summary>The unit of <see cref="Value"/>, such as <c>msg/s</c>, <c>B</c> or <c>s</c>.</summary>
    public string Unit { get; }
}
