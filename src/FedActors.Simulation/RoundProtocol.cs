namespace FedActors.Simulation;

/// <summary>Clients were sampled for <paramref name="Round"/> with a seed derived from (run seed, round).</summary>
public sealed record RoundStarted(int Round, ulong Seed, IReadOnlyList<int> SelectedClients, string GlobalModelHash) : IRoundEvent;

/// <summary>A selected client's update passed validation; its vector is referenced by <paramref name="Sha256"/>.</summary>
public sealed record UpdateReceived(int Round, int ClientId, long NumSamples, double Norm, string Sha256) : IRoundEvent;

/// <summary>A selected client's update failed validation and never reaches the model.</summary>
public sealed record UpdateRejected(int Round, int ClientId, string Reason) : IRoundEvent;

/// <summary>A selected client had not replied when the round deadline fired.</summary>
public sealed record ClientTimedOut(int Round, int ClientId) : IRoundEvent;

/// <summary>One defense stage's verdict on the round's received updates, with its diagnostics (scores, thresholds).</summary>
public sealed record StageCompleted(
    int Round,
    string Stage,
    IReadOnlyList<ClientDecision> Decisions,
    IReadOnlyDictionary<string, double> Diagnostics) : IRoundEvent;

/// <summary>
/// The new global model, and the normalized aggregation coefficient of every client that contributed; with
/// <paramref name="StageStates"/>, the blobs (by SHA-256) holding the stateful stages' states after the round, by stage index.
/// </summary>
public sealed record RoundAggregated(int Round, string NewModelHash, IReadOnlyDictionary<int, double> Weights, IReadOnlyDictionary<int, string>? StageStates = null) : IRoundEvent;

/// <summary>
/// The new global model's metrics (accuracy, attack success rate, bytes moved, ...), and for evaluated rounds the
/// whole <see cref="RoundReport"/>, so a resumed run reports every round and replay shows them.
/// </summary>
public sealed record RoundEvaluated(int Round, IReadOnlyDictionary<string, double> Metrics, RoundReport? Report = null) : IRoundEvent;

/// <summary>Ground truth, journaled once at the start of a run: the clients the attacker controls.</summary>
public sealed record MaliciousClientsChosen(IReadOnlyList<int> ClientIds) : IAggregatorEvent;
