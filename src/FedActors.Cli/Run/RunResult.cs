using FedActors.Simulation;

namespace FedActors.Cli.Run;

/// <summary>What a finished run produced: the final model, its hash and every round's report.</summary>
/// <param name="FinalModelSha256">SHA-256 of the final parameters as little-endian float32 (lowercase hex).</param>
public sealed record RunResult(
    string Name,
    string FinalModelSha256,
    float[] FinalModel,
    IReadOnlyList<RoundReport> Rounds,
    TimeSpan Elapsed)
{
    /// <summary>In rabbitmq cluster mode, the coordinator's message counts (published, results, duplicates, rejected-*, ...); otherwise null.</summary>
    public IReadOnlyDictionary<string, long>? Cluster { get; init; }

    /// <summary>Accuracy of the last evaluated round; 0 when no round was evaluated.</summary>
    public double FinalAccuracy => Rounds.Count == 0 ? 0 : Rounds[^1].Accuracy;

    /// <summary>Attack success rate of the last evaluated round; null without an attack.</summary>
    public double? FinalAttackSuccessRate => Rounds.Count == 0 ? null : Rounds[^1].AttackSuccessRate;
}
