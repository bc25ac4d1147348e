using System.Collections.Immutable;
using FedActors.Actors;

namespace FedActors.Simulation;

/// <summary>
/// The <c>fedavg</c> aggregator stage (McMahan et al. 2017): it keeps every update with weight 1 and averages them with
/// <see cref="FedAvg"/>, weighing each by the pipeline's combined decision (0 when an earlier stage dropped it).
/// </summary>
public sealed class FedAvgStage : ReceiveActor
{
    private readonly FedAvgStageSettings _settings;

    public FedAvgStage(FedAvgStageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        Receive<RunStage>(HandleRunStage);
    }

    public static Props Props(FedAvgStageSettings settings) => Actors.Props.Create(() => new FedAvgStage(settings));

    private void HandleRunStage(RunStage run)
    {
        // FedAvg over the full parameter vectors runs on the stage's dispatcher thread for now; issue 11 moves it off.
        try
        {
            var updates = run.Updates.Select(u => u.Update).ToList();
            var samples = run.Updates.Select(u => u.NumSamples).ToList();
            var weights = run.Decisions.Select(d => d.Keep ? d.Weight : 0.0).ToList();
            var weighting = _settings.Weighting == FedAvgWeighting.Uniform ? Weighting.Uniform : Weighting.Samples;
            var coefficients = FedAvg.Coefficients(samples, weights, weighting);
            var model = FedAvg.Aggregate(run.GlobalModel, updates, samples, weights, weighting, _settings.ServerLearningRate);
            var byClient = run.Updates.Select((u, k) => (u.ClientId, k)).ToImmutableSortedDictionary(p => p.ClientId, p => coefficients[p.k]);
            var decisions = run.Updates.Select(u => ClientDecision.Kept(u.ClientId)).ToList();
            var outcome = new StageOutcome(FedAvgStageSettings.TypeName, decisions, ImmutableSortedDictionary<string, double>.Empty);
            Sender.Tell(new StageDone(run.Round, outcome, run.Updates, new AggregationResult(model, byClient)), Self);
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new StageFailed(run.Round, FedAvgStageSettings.TypeName, e.Message), Self);
        }
    }
}
