using System.Collections.Immutable;

namespace FedActors.Simulation;

/// <summary>The <c>sniper</c> filter (001 Alg. 2): keeps the kept updates in <see cref="Sniper"/>'s maximum clique, drops the rest.</summary>
internal sealed class SniperLogic(SniperStageSettings settings) : IStageLogic
{
    public string Name => SniperStageSettings.TypeName;

    public StageDone Run(RunStage run)
    {
        var (positions, kept) = StageLogics.Kept(run);
        var distances = Sniper.Distances(run.SquaredDistances(kept));
        var (gamma0, epsilon) = settings.GammaMode == SniperGammaMode.Absolute
            ? (settings.Gamma, settings.Epsilon)
            : Sniper.RelativeSchedule(distances, settings.Factor, settings.Step);
        var result = Sniper.Select(distances, gamma0, epsilon);
        var honest = result.Honest.Select(i => positions[i]).ToHashSet();
        var decisions = run.Updates.Select((u, i) => honest.Contains(i) ? ClientDecision.Kept(u.ClientId) : ClientDecision.Dropped(u.ClientId)).ToList();
        var diagnostics = ImmutableSortedDictionary<string, double>.Empty
            .Add("gamma-start", gamma0)
            .Add("epsilon", epsilon)
            .Add("gamma", result.Gamma)
            .Add("tries", result.Tries)
            .Add("clique-size", result.Honest.Length);
        return new StageDone(run.Round, new StageOutcome(Name, decisions, diagnostics), run.Updates, null);
    }
}
