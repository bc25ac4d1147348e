using FedActors.Actors;
using FedActors.Data;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>Starts a run: the aggregator plays every configured round, then tells its listener <see cref="RunFinished"/>.</summary>
public sealed record StartRun : IAggregatorCommand
{
    public static readonly StartRun Instance = new();

    private StartRun()
    {
    }
}

/// <summary>
/// How the attack's effect is measured each round: <see cref="Samples"/> of the registered <see cref="Dataset"/>, with
/// their true labels, count as successes when predicted <see cref="Target"/> (ALGORITHMS.md, Metrics). Label flips
/// evaluate the source-class test samples (001 Def. 1), the pixel backdoor the triggered test samples outside the
/// target class, the semantic backdoor the held-out members of its subset.
/// </summary>
public sealed record AttackEvaluation(string Dataset, SampleSelection Samples, int Target)
{
    /// <summary>
    /// The attack success rate in percent: of the samples whose true label is not <see cref="Target"/>, the share
    /// predicted as <see cref="Target"/>. On the source-class samples of a label flip this is 001's
    /// SR = n_T^(I) / n^(I) × 100.
    /// </summary>
    public double SuccessRate(ConfusionMatrix confusion) => 100 * EvaluationMetrics.BackdoorAccuracy(confusion, Target);
}

/// <summary>Everything the aggregator needs besides its actor references.</summary>
/// <param name="PersistenceId">The journal stream of the run's events.</param>
/// <param name="InitialModel">The round-0 global model (drawn from the run seed).</param>
/// <param name="TestDataset">Registered with the trainer; evaluated on <paramref name="TestIndices"/>.</param>
/// <param name="Malicious">Ground truth, for detection and stealth metrics.</param>
public sealed record AggregatorSetup(
    string PersistenceId,
    SimulationSettings Settings,
    ModelSpec Model,
    float[] InitialModel,
    string TestDataset,
    IReadOnlyList<int> TestIndices,
    AttackEvaluation? Attack,
    IReadOnlySet<int> Malicious)
{
    /// <summary>
    /// Who sees the round's benign replies (<see cref="BenignReplyObserved"/>): the attacker coalition when its
    /// model poisoning needs the benign updates (004's perfect and limited knowledge); null otherwise.
    /// </summary>
    public IActorRef? BenignObserver { get; init; }

    /// <summary>The test samples themselves (registered as <see cref="TestDataset"/>), for stages that train on server data in-process (PDGAN).</summary>
    public ImageDataset? TestData { get; init; }
}

/// <summary>What one round did, as reported to the listener and written to results.json.</summary>
public sealed record RoundReport(
    int Round,
    double Accuracy,
    IReadOnlyList<double> PerClassAccuracy,
    double? AttackSuccessRate,
    IReadOnlyDictionary<string, DetectionCounts> Detection,
    IReadOnlyList<StealthScore> Stealth,
    long BytesMoved,
    int Received,
    int Rejected,
    int TimedOut,
    string ModelHash);

/// <summary>To the listener after each evaluated round.</summary>
public sealed record RoundCompleted(RoundReport Report);

/// <summary>To the listener when every round is done.</summary>
public sealed record RunFinished(string FinalModelHash, float[] FinalModel, IReadOnlyList<RoundReport> Rounds);

/// <summary>To the listener when the run cannot go on (a resumed round that training cannot reproduce, for instance).</summary>
public sealed record RunFailed(string Reason);
