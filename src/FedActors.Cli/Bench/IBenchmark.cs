using System.CommandLine;

namespace FedActors.Cli.Bench;

/// <summary>A <c>fedactors bench NAME</c> subcommand: a set of measurements. Adding a benchmark is one class plus one line in <see cref="BenchCommand"/>.</summary>
public interface IBenchmark
{
    /// <summary>The subcommand's name, also the <see cref="BenchRow.Bench"/> of every row it yields.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>: what is measured.</summary>
    string Description { get; }

    /// <summary>Options of this benchmark's own, added to its subcommand and read with <see cref="BenchContext.GetValue{T}"/>; most have none.</summary>
    IReadOnlyList<Option> Options => [];

    /// <summary>Runs every case, yielding each row as soon as it is measured (the caller reports progress per row).</summary>
    IEnumerable<BenchRow> Run(BenchContext context);
}
