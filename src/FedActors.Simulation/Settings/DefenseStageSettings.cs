using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>One stage of <c>fedactors.defense.pipeline</c>: a filter, weigher, transform or aggregator, with where it was written.</summary>
public abstract record DefenseStageSettings(HoconPosition Position)
{
    /// <summary>The stage's <c>type</c> as written in the pipeline.</summary>
    public abstract string Type { get; }

    /// <summary>True for a stage that turns the updates into one global update; the pipeline ends with exactly one.</summary>
    public abstract bool IsAggregator { get; }
}
