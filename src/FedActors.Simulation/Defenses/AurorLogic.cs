using System.Collections.Immutable;

namespace FedActors.Simulation;

/// <summary>
/// The <c>auror</c> filter (Shen et al. 2016, paper 003): accumulates each kept client's features (the output layer's
/// coordinates, or all) over the window, judges the round's clients by <see cref="Auror.Judge"/>, and excludes a client
/// marked in more than τ of the indicative features, in this round and every later one.
/// </summary>
/// <remarks>
/// Readings, beyond ALGORITHMS.md's:
/// <list type="bullet">
/// <item>A client's feature vector is the mean of its (possibly masked, possibly transformed by earlier stages) updates'
/// feature coordinates over the rounds of the window it took part in: all rounds so far with window 0, else rounds
/// r − window + 1 … r. The mean rather than the sum keeps clients comparable under client sampling, where they take part
/// in different numbers of rounds; with everyone in every round it is the sum scaled by one common factor.</item>
/// <item>Judged are the round's clients still kept by earlier stages and not yet excluded; clients absent from the round
/// keep their features but are neither judged nor counted in the 2-means.</item>
/// <item>"Smaller cluster": the one with strictly fewer members; when the two are the same size the feature is still
/// indicative (it counts in the denominator of the mark share) but marks nobody. 2-means puts a value exactly halfway
/// between the centres in the low cluster.</item>
/// <item>With fewer than 3 judged clients nobody is judged (two clusters of one are a tie, one client has no peers);
/// they still accumulate.</item>
/// <item>Excluded clients are dropped from every later round whatever they send, and no longer accumulate; their
/// features are forgotten.</item>
/// <item>α is absolute when set, else <c>alpha-factor</c> (default 0.02) times the feature's range over the judged
/// clients; "more than τ" is strict, so τ = 1 flags nobody.</item>
/// </list>
/// The excluded set and the features are the stage's state: they arrive in <see cref="RunStage.State"/> and leave in
/// <see cref="StageDone.NewState"/>; the aggregator journals them, so resume and <c>fedactors replay</c> see them.
/// </remarks>
internal sealed class AurorLogic(AurorStageSettings settings) : IStageLogic
{
    /// <summary>The fewest judged clients for which AUROR judges at all.</summary>
    public const int MinClients = 3;

    public string Name => AurorStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var state = AurorState.Decode(run.State);
        var judged = new List<int>();
        for (var i = 0; i < run.Updates.Count; i++)
        {
            var client = run.Updates[i].ClientId;
            if (run.Decisions[i].Keep && !state.Excluded.Contains(client))
            {
                state.Add(client, run.Round, Features(run.Updates[i].Update), settings.Window);
                judged.Add(client);
            }
        }

        state.Prune(run.Round, settings.Window);
        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var indicative = 0;
        if (judged.Count >= MinClients)
        {
            var (count, shares) = Auror.Judge(judged.Select(state.Mean).ToList(), settings.Alpha, settings.AlphaFactor);
            indicative = count;
            for (var k = 0; k < judged.Count; k++)
            {
                diagnostics[$"mark-share-{judged[k]}"] = shares[k];
                if (Auror.Flagged(shares[k], settings.Tau))
                {
                    state.Excluded.Add(judged[k]);
                    state.Clients.Remove(judged[k]);
                }
            }
        }

        diagnostics["indicative-features"] = indicative;
        diagnostics["excluded"] = state.Excluded.Count;
        var decisions = run.Updates
            .Select(u => state.Excluded.Contains(u.ClientId) ? ClientDecision.Dropped(u.ClientId) : ClientDecision.Kept(u.ClientId))
            .ToList();
        return new StageDone(run.Round, new StageOutcome(Name, decisions, diagnostics.ToImmutable()), run.Updates, null)
        {
            NewState = state.Encode(),
        };
    }

    private double[] Features(float[] update)
    {
        if (settings.Features == AurorFeatures.All)
        {
            return update.Select(v => (double)v).ToArray();
        }

        var k = settings.OutputFeatures!.Value;
        return k <= update.Length
            ? update.AsSpan(update.Length - k).ToArray().Select(v => (double)v).ToArray()
            : throw new ArgumentException($"auror's output-features = {k} exceeds the update's dimension {update.Length}");
    }
}
