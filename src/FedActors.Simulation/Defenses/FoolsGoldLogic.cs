using System.Collections.Immutable;

namespace FedActors.Simulation;

/// <summary>
/// The <c>foolsgold</c> weigher (Fung et al. 2018): adds each kept update to its client's summed history H_i, then
/// weighs the round's kept clients by <see cref="FoolsGold.Weights"/> of their histories. A client of weight 0 is
/// dropped (it would add nothing to a weighted mean); the others are kept with their weight.
/// </summary>
/// <remarks>
/// The history is per client across rounds, so it works under client sampling; it sums the updates as they reach
/// this stage (after earlier transforms such as <c>norm-clip</c>), and only of clients still kept by earlier stages.
/// It is the stage's state: it arrives in <see cref="RunStage.State"/> and leaves, with this round's updates added, in
/// <see cref="StageDone.NewState"/>; the aggregator journals it, so a resumed run and <c>fedactors replay</c> weigh with
/// the history the original run had built.
/// </remarks>
internal sealed class FoolsGoldLogic(FoolsGoldStageSettings settings) : IStageLogic
{
    public string Name => FoolsGoldStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var history = Decode(run.State);
        var (positions, kept) = StageLogics.Kept(run);
        var ids = positions.Select(i => run.Updates[i].ClientId).ToList();
        for (var k = 0; k < ids.Count; k++)
        {
            history[ids[k]] = Add(history.GetValueOrDefault(ids[k]), kept[k]);
        }

        var weights = FoolsGold.Weights(ids.Select(id => history[id]).ToList(), settings.Kappa);
        var byClient = ids.Zip(weights).ToDictionary(p => p.First, p => p.Second);
        var decisions = run.Updates
            .Select(u => byClient.TryGetValue(u.ClientId, out var w) && w > 0 ? ClientDecision.Kept(u.ClientId, w) : ClientDecision.Dropped(u.ClientId))
            .ToList();
        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (client, weight) in byClient)
        {
            diagnostics[$"weight-{client}"] = weight;
        }

        return new StageDone(run.Round, new StageOutcome(Name, decisions, diagnostics.ToImmutable()), run.Updates, null)
        {
            NewState = Encode(history),
        };
    }

    /// <summary>The histories as bytes: a count, then per client (ascending id) its id, length and float64 values, little-endian.</summary>
    internal static byte[] Encode(IReadOnlyDictionary<int, double[]> history)
    {
        var writer = new StageStateWriter().Int(history.Count);
        foreach (var (client, values) in history.OrderBy(h => h.Key))
        {
            writer.Int(client).Doubles(values);
        }

        return writer.ToArray();
    }

    /// <summary>The histories <see cref="Encode"/> wrote; empty for null; a malformed state fails the stage.</summary>
    internal static Dictionary<int, double[]> Decode(byte[]? bytes)
    {
        var history = new Dictionary<int, double[]>();
        if (bytes is null)
        {
            return history;
        }

        var reader = new StageStateReader(bytes, "foolsgold");
        var count = reader.Count();
        for (var c = 0; c < count; c++)
        {
            var client = reader.Int();
            history[client] = reader.Doubles();
        }

        reader.End();
        return history;
    }

    private static double[] Add(double[]? history, float[] update)
    {
        if (history is not null && history.Length != update.Length)
        {
            throw new ArgumentException($"an update of dimension {update.Length} for a history of dimension {history.Length}");
        }

        var sum = new double[update.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = (history?[i] ?? 0) + update[i];
        }

        return sum;
    }
}
