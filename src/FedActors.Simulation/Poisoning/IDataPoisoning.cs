using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>A data-poisoning attack: what a coalition member trains on in an attacking round instead of its own shard.</summary>
public interface IDataPoisoning
{
    /// <summary>The registered dataset and samples member <paramref name="clientId"/> trains on in <paramref name="round"/>.</summary>
    /// <param name="shard">The member's own samples: indices into the run's training set.</param>
    PoisonedTraining Poison(int clientId, IReadOnlyList<int> shard, int round);

    /// <summary>One line for the run log.</summary>
    string Describe();
}

/// <summary>What a member trains on: samples of the registered dataset <paramref name="Dataset"/>, with their (poisoned) labels and triggers.</summary>
public sealed record PoisonedTraining(string Dataset, SampleSelection Samples);
