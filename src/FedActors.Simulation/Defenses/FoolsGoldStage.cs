using System.Collections.Immutable;
using FedActors.Actors;

namespace FedActors.Simulation;

/// <summary>
/// The <c>foolsgold</c> weigher (Fung et al. 2018): adds each kept update to its client's summed history H_i, then
/// weighs the round's kept clients by <see cref="FoolsGold.Weights"/> of their histories. A client of weight 0 is
/// dropped (it would add nothing to a weighted mean); the others are kept with their weight.
/// </summary>
/// <remarks>
/// <para>
/// The history is per client across rounds, so it works under client sampling; it sums the updates as they reach
/// this stage (after earlier transforms such as <c>norm-clip</c>), and only of clients still kept by earlier stages.
/// Asked the same round again, the stage recomputes from the history before that round, so a re-run round is not
/// counted twice.
/// </para>
/// <para>
/// <b>Not persisted:</b> the history lives in this actor only. A resumed run starts with an empty history from its
/// first new round, and <c>fedactors replay</c> (a fresh pipeline per replayed round) weighs on that round's updates
/// alone; neither sees the history the original run had built.
/// </para>
/// </remarks>
public sealed class FoolsGoldStage : ReceiveActor
{
    private readonly FoolsGoldStageSettings _settings;
    private readonly Dictionary<int, double[]> _committed = [];
    private Dictionary<int, double[]> _pending = [];
    private int _pendingRound = -1;

    public FoolsGoldStage(FoolsGoldStageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        Receive<RunStage>(HandleRunStage);
    }

    public static Props Props(FoolsGoldStageSettings settings) => Actors.Props.Create(() => new FoolsGoldStage(settings));

    private void HandleRunStage(RunStage run)
    {
        try
        {
            Sender.Tell(Weigh(run), Self);
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new StageFailed(run.Round, FoolsGoldStageSettings.TypeName, e.Message), Self);
        }
    }

    private StageDone Weigh(RunStage run)
    {
        if (run.Round != _pendingRound)
        {
            foreach (var (client, history) in _pending)
            {
                _committed[client] = history;
            }
        }

        var (positions, kept) = StageLogics.Kept(run);
        var histories = new Dictionary<int, double[]>();
        for (var k = 0; k < positions.Count; k++)
        {
            var client = run.Updates[positions[k]].ClientId;
            histories[client] = Add(_committed.GetValueOrDefault(client), kept[k]);
        }

        var ids = positions.Select(i => run.Updates[i].ClientId).ToList();
        var weights = FoolsGold.Weights(ids.Select(id => histories[id]).ToList(), _settings.Kappa);
        _pending = histories;
        _pendingRound = run.Round;

        var byClient = ids.Zip(weights).ToDictionary(p => p.First, p => p.Second);
        var decisions = run.Updates
            .Select(u => byClient.TryGetValue(u.ClientId, out var w) && w > 0 ? ClientDecision.Kept(u.ClientId, w) : ClientDecision.Dropped(u.ClientId))
            .ToList();
        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (client, weight) in byClient)
        {
            diagnostics[$"weight-{client}"] = weight;
        }

        return new StageDone(run.Round, new StageOutcome(FoolsGoldStageSettings.TypeName, decisions, diagnostics.ToImmutable()), run.Updates, null);
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
