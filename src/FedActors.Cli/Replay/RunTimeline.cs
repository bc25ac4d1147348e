using FedActors.Actors;
using FedActors.Persistence;
using FedActors.Simulation;

namespace FedActors.Cli.Replay;

/// <summary>What the journal recorded about one round, folded from its events with <see cref="RoundState"/>.</summary>
public sealed record RoundRecord(
    int Round,
    RoundPhase Phase,
    IReadOnlyList<int> Selected,
    string InputModelHash,
    IReadOnlyDictionary<int, ReceivedUpdate> Received,
    IReadOnlyDictionary<int, string> Rejected,
    IReadOnlyList<int> TimedOut,
    IReadOnlyList<StageVerdict> Stages,
    string? OutputModelHash,
    IReadOnlyDictionary<int, double> Weights,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The blobs of the stateful defense stages' states at the start of the round, by stage index.</summary>
    public IReadOnlyDictionary<int, string> InputStageStates { get; init; } = new Dictionary<int, string>();

    /// <summary>Received clients that some stage of the round dropped.</summary>
    public IReadOnlyList<int> Dropped => Received.Keys.Where(c => !KeptByAll(Stages, c)).ToList();

    /// <summary>True when no stage dropped <paramref name="client"/>.</summary>
    public static bool KeptByAll(IEnumerable<StageVerdict> stages, int client) =>
        stages.All(s => s.Decisions.FirstOrDefault(d => d.ClientId == client)?.Keep ?? true);
}

/// <summary>A recorded run as <c>fedactors replay</c> shows it: the ground truth and every round's record, oldest first.</summary>
public sealed record RunTimeline(string PersistenceId, IReadOnlyList<int> Malicious, IReadOnlyList<RoundRecord> Rounds)
{
    /// <summary>Reads the aggregator's events of <paramref name="persistenceId"/> and folds them.</summary>
    /// <exception cref="PersistenceException">The journal is empty for the id, or its events do not fold (a damaged journal).</exception>
    public static async Task<RunTimeline> ReadAsync(IEventJournal journal, string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var events = new List<(long SequenceNr, object Payload)>();
        await journal.ReplayMessagesAsync(persistenceId, 1, long.MaxValue, long.MaxValue, e => events.Add((e.SequenceNr, e.Payload)), cancellationToken)
            .ConfigureAwait(false);
        if (events.Count == 0)
        {
            throw new PersistenceException($"the journal has no events of {persistenceId}: the run stopped before its first round");
        }

        return Fold(persistenceId, events);
    }

    private static RunTimeline Fold(string persistenceId, IReadOnlyList<(long SequenceNr, object Payload)> events)
    {
        var state = RoundState.Initial;
        IReadOnlyList<int> malicious = [];
        var rounds = new SortedDictionary<int, RoundRecord>();
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
        string? input = null;
        IReadOnlyDictionary<int, string> inputStates = new Dictionary<int, string>();
        foreach (var (sequenceNr, payload) in events)
        {
            switch (payload)
            {
                case MaliciousClientsChosen chosen:
                    malicious = chosen.ClientIds;
                    continue;
                case IRoundEvent roundEvent:
                    try
                    {
                        state = state.Apply(roundEvent);
                    }
                    catch (InvalidOperationException e)
                    {
                        throw new PersistenceException($"{persistenceId}: event {sequenceNr} ({payload.GetType().Name}) does not follow the ones before it: {e.Message}", e);
                    }

                    switch (roundEvent)
                    {
                        case RoundStarted started:
                            input = started.GlobalModelHash;
                            inputStates = state.StageStates;
                            metrics = new Dictionary<string, double>();
                            break;
                        case RoundEvaluated evaluated:
                            metrics = evaluated.Metrics;
                            break;
                    }

                    rounds[state.Round] = new RoundRecord(
                        state.Round,
                        state.Phase,
                        state.SelectedClients,
                        input!,
                        state.Received,
                        state.Rejected,
                        [.. state.TimedOut],
                        state.Stages,
                        state.Phase is RoundPhase.Aggregated or RoundPhase.Evaluated ? state.ModelHash : null,
                        state.Weights,
                        metrics)
                    {
                        InputStageStates = inputStates,
                    };
                    break;
                default:
                    throw new PersistenceException($"{persistenceId}: event {sequenceNr} is a {payload.GetType().Name}, not an aggregator event");
            }
        }

        return new RunTimeline(persistenceId, malicious, rounds.Values.ToList());
    }
}
