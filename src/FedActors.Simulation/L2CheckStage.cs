using System.Collections.Immutable;
using FedActors.Actors;

namespace FedActors.Simulation;

/// <summary>
/// The <c>l2-check</c> filter stage: drops the clients <see cref="L2Check"/> flags. Its diagnostics are each judged
/// client's largest distance (<c>max-distance-&lt;client&gt;</c>) and the threshold (<c>threshold</c>).
/// </summary>
public sealed class L2CheckStage : ReceiveActor
{
    private readonly L2CheckStageSettings _settings;

    public L2CheckStage(L2CheckStageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        Receive<RunStage>(HandleRunStage);
    }

    public static Props Props(L2CheckStageSettings settings) => Actors.Props.Create(() => new L2CheckStage(settings));

    private void HandleRunStage(RunStage run)
    {
        try
        {
            var updates = run.Updates.Select(u => u.Update).ToList();
            var kept = run.Decisions.Select(d => d.Keep).ToList();
            var distances = L2Check.MaxDistances(updates, kept);
            var decisions = run.Updates
                .Select((u, i) => kept[i] && distances[i] > _settings.MaxDistance ? ClientDecision.Dropped(u.ClientId) : ClientDecision.Kept(u.ClientId))
                .ToList();
            var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            diagnostics["threshold"] = _settings.MaxDistance;
            for (var i = 0; i < run.Updates.Count; i++)
            {
                if (kept[i])
                {
                    diagnostics[$"max-distance-{run.Updates[i].ClientId}"] = distances[i];
                }
            }

            var outcome = new StageOutcome(L2CheckStageSettings.TypeName, decisions, diagnostics.ToImmutable());
            Sender.Tell(new StageDone(run.Round, outcome, run.Updates, null), Self);
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new StageFailed(run.Round, L2CheckStageSettings.TypeName, e.Message), Self);
        }
    }
}
