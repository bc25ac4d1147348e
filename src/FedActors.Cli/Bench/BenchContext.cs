using System.CommandLine;

namespace FedActors.Cli.Bench;

/// <summary>What a benchmark run is told: whether to use the tiny CI sizes, and where progress goes (never stdout).</summary>
public sealed class BenchContext(bool quick, TextWriter progress, ParseResult? parse = null)
{
    /// <summary>Tiny sizes and one short measured iteration per case: a smoke test that finishes in seconds, not a measurement.</summary>
    public bool Quick { get; } = quick;

    /// <summary>Standard error: progress and information, so that stdout holds only the table or the JSON.</summary>
    public TextWriter Progress { get; } = progress;

    public void Info(string line) => Progress.WriteLine(line);

    /// <summary>The value given to one of the benchmark's own <see cref="IBenchmark.Options"/>, or its default.</summary>
    public T? GetValue<T>(Option<T> option) => parse is null ? default : parse.GetValue(option);
}
