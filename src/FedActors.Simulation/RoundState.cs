using System.Collections.Immutable;

namespace FedActors.Simulation;

/// <summary>
/// The aggregator's state, folded from its round events: pure, immutable, and the same whether events arrive live or
/// from the journal on replay. Invalid transitions (an event of another round, a reply from a client that is not
/// owed one) are bugs and throw <see cref="InvalidOperationException"/>.
/// </summary>
public sealed record RoundState
{
    /// <summary>The state before the first round.</summary>
    public static readonly RoundState Initial = new();

    /// <summary>The current (or last) round; -1 before the first.</summary>
    public int Round { get; init; } = -1;

    public RoundPhase Phase { get; init; } = RoundPhase.Idle;

    /// <summary>The seed the round's sampling used.</summary>
    public ulong Seed { get; init; }

    public ImmutableArray<int> SelectedClients { get; init; } = [];

    /// <summary>Selected clients whose reply (update, rejection or timeout) is still owed.</summary>
    public ImmutableSortedSet<int> Owed { get; init; } = [];

    public ImmutableSortedDictionary<int, ReceivedUpdate> Received { get; init; } = ImmutableSortedDictionary<int, ReceivedUpdate>.Empty;

    /// <summary>Rejected clients with the validator's reason.</summary>
    public ImmutableSortedDictionary<int, string> Rejected { get; init; } = ImmutableSortedDictionary<int, string>.Empty;

    public ImmutableSortedSet<int> TimedOut { get; init; } = [];

    public ImmutableList<StageVerdict> Stages { get; init; } = [];

    /// <summary>The hash of the global model: the round's input until it is aggregated, then its output; null before the first round.</summary>
    public string? ModelHash { get; init; }

    /// <summary>The hash of the global model the current round's clients trained on (its <see cref="RoundStarted"/>'s); null before the first round.</summary>
    public string? InputModelHash { get; init; }

    /// <summary>The blobs of the stateful defense stages' states (by stage index) after the last aggregated round.</summary>
    public ImmutableSortedDictionary<int, string> StageStates { get; init; } = ImmutableSortedDictionary<int, string>.Empty;

    /// <summary>The normalized aggregation coefficients of the current round, once aggregated.</summary>
    public IReadOnlyDictionary<int, double> Weights { get; init; } = ImmutableSortedDictionary<int, double>.Empty;

    /// <summary>Metrics of every evaluated round, oldest first.</summary>
    public ImmutableList<RoundMetrics> MetricsHistory { get; init; } = [];

    /// <summary>True when every selected client has replied or timed out.</summary>
    public bool AllRepliesIn => Phase != RoundPhase.Idle && Owed.IsEmpty;

    /// <summary>Returns the state after <paramref name="evt"/>.</summary>
    public RoundState Apply(IRoundEvent evt) => evt switch
    {
        RoundStarted e => On(e),
        UpdateReceived e => OnReply(e.Round, e.ClientId, s => s with { Received = s.Received.Add(e.ClientId, new ReceivedUpdate(e.NumSamples, e.Norm, e.Sha256)) }),
        UpdateRejected e => OnReply(e.Round, e.ClientId, s => s with { Rejected = s.Rejected.Add(e.ClientId, e.Reason) }),
        ClientTimedOut e => OnReply(e.Round, e.ClientId, s => s with { TimedOut = s.TimedOut.Add(e.ClientId) }),
        StageCompleted e => On(e),
        RoundAggregated e => On(e),
        RoundEvaluated e => On(e),
        _ => throw new InvalidOperationException($"unknown round event {evt.GetType().Name}"),
    };

    private RoundState On(RoundStarted e)
    {
        if (Phase is not (RoundPhase.Idle or RoundPhase.Evaluated))
        {
            throw new InvalidOperationException($"round {e.Round} started while round {Round} is {Phase}");
        }

        if (Phase == RoundPhase.Evaluated && e.Round != Round + 1)
        {
            throw new InvalidOperationException($"round {e.Round} started after round {Round}; expected round {Round + 1}");
        }

        if (e.Round < 0)
        {
            throw new InvalidOperationException($"round {e.Round} is negative");
        }

        if (ModelHash is not null && e.GlobalModelHash != ModelHash)
        {
            throw new InvalidOperationException($"round {e.Round} started from model {e.GlobalModelHash}, but round {Round} produced {ModelHash}");
        }

        var selected = e.SelectedClients.ToImmutableSortedSet();
        if (selected.Count != e.SelectedClients.Count || selected.Count == 0)
        {
            throw new InvalidOperationException($"round {e.Round} selected [{string.Join(", ", e.SelectedClients)}]: clients must be distinct and at least one");
        }

        return this with
        {
            Round = e.Round,
            Phase = RoundPhase.Collecting,
            Seed = e.Seed,
            SelectedClients = [.. e.SelectedClients],
            Owed = selected,
            Received = ImmutableSortedDictionary<int, ReceivedUpdate>.Empty,
            Rejected = ImmutableSortedDictionary<int, string>.Empty,
            TimedOut = [],
            Stages = [],
            ModelHash = e.GlobalModelHash,
            InputModelHash = e.GlobalModelHash,
            Weights = ImmutableSortedDictionary<int, double>.Empty,
        };
    }

    private RoundState OnReply(int round, int clientId, Func<RoundState, RoundState> record)
    {
        RequireRound(round, RoundPhase.Collecting);
        if (!Owed.Contains(clientId))
        {
            var why = SelectedClients.Contains(clientId) ? "already replied" : "is not selected";
            throw new InvalidOperationException($"round {round}: client {clientId} {why}");
        }

        return record(this with { Owed = Owed.Remove(clientId) });
    }

    private RoundState On(StageCompleted e)
    {
        RequireRound(e.Round, RoundPhase.Collecting, RoundPhase.Defending);
        RequireAllRepliesIn(e.Round, $"stage {e.Stage}");
        foreach (var decision in e.Decisions)
        {
            if (!Received.ContainsKey(decision.ClientId))
            {
                throw new InvalidOperationException($"round {e.Round}: stage {e.Stage} judged client {decision.ClientId}, whose update was not received");
            }
        }

        return this with
        {
            Phase = RoundPhase.Defending,
            Stages = Stages.Add(new StageVerdict(e.Stage, e.Decisions, e.Diagnostics)),
        };
    }

    private RoundState On(RoundAggregated e)
    {
        RequireRound(e.Round, RoundPhase.Collecting, RoundPhase.Defending);
        RequireAllRepliesIn(e.Round, "aggregation");
        foreach (var client in e.Weights.Keys)
        {
            if (!Received.ContainsKey(client))
            {
                throw new InvalidOperationException($"round {e.Round}: client {client} weighted, but its update was not received");
            }
        }

        return this with
        {
            Phase = RoundPhase.Aggregated,
            ModelHash = e.NewModelHash,
            Weights = e.Weights.ToImmutableSortedDictionary(),
            StageStates = e.StageStates is { } states ? StageStates.SetItems(states) : StageStates,
        };
    }

    private RoundState On(RoundEvaluated e)
    {
        RequireRound(e.Round, RoundPhase.Aggregated);
        return this with
        {
            Phase = RoundPhase.Evaluated,
            MetricsHistory = MetricsHistory.Add(new RoundMetrics(e.Round, e.Metrics)),
        };
    }

    private void RequireRound(int round, params RoundPhase[] phases)
    {
        if (round != Round)
        {
            throw new InvalidOperationException($"event of round {round} while in round {Round}");
        }

        if (!phases.Contains(Phase))
        {
            throw new InvalidOperationException($"round {round}: event not allowed in phase {Phase}");
        }
    }

    private void RequireAllRepliesIn(int round, string what)
    {
        if (!Owed.IsEmpty)
        {
            throw new InvalidOperationException($"round {round}: {what} before clients [{string.Join(", ", Owed)}] replied or timed out");
        }
    }
}
