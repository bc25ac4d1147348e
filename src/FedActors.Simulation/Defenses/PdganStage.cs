using System.Collections.Immutable;
using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The <c>pdgan</c> filter (002 Alg. 1), a stage with a GAN of its own: each round it trains the generator against
/// D_t = w_t + mean(δ_k) on the server's auxiliary data of a few classes plus generated samples (class C); from round
/// <c>d-iter</c> on it generates X_fake, labels it with every kept client's model w_t + δ_k, takes each sample's majority
/// label as the truth, and drops the clients whose accuracy a_k on it is below the cutoff (η, or η × the median).
/// </summary>
/// <remarks>
/// <para><b>Reading:</b> the stage keeps only the generator across rounds (its parameters and batch-norm buffers, as
/// <see cref="StageDone.NewState"/>, so resume and replay see it); the discriminator starts every round from D_t as in
/// line 5 and its GAN-trained copy is thrown away, since the pipeline's aggregator makes the new global model (line 23)
/// and the paper's M_t does not include the GAN step either. Adam's moments restart every round.</para>
/// <para><b>Reading:</b> the auxiliary data is a seeded subset (<c>auxiliary-samples</c>) of the test set's samples of
/// <c>auxiliary-classes</c>; the reported accuracy is still measured on the whole test set. The global model must have
/// C + 1 outputs (<c>pdgan-discriminator</c>, whose last output is "fake"); labels are the argmax of the first C.</para>
/// <para><b>Reading:</b> only the updates the earlier stages kept are judged, and they alone vote on the labels; ties
/// go to the lower label. Rounds are numbered from 0, so rounds 0..d-iter − 1 only train the GAN.</para>
/// <para>Concurrency: the GAN step and the audits are libtorch work of seconds, so they run on the thread pool and
/// come back as a message (PipeTo) instead of blocking this actor's dispatcher thread; one round runs at a time, so the
/// auxiliary dataset is never used by two tasks at once.</para>
/// Diagnostics: <c>accuracy-&lt;client&gt;</c>, <c>cutoff</c>, <c>judged</c> (1 from d-iter on), <c>d-loss</c>, <c>g-loss</c>.
/// </remarks>
public sealed class PdganStage : ReceiveActor
{
    private readonly PdganStageSettings _settings;
    private readonly StageServices _services;
    private readonly ulong _runSeed;
    private TorchDataset? _auxiliary;
    private bool _busy;

    public PdganStage(PdganStageSettings settings, StageServices services, ulong runSeed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(services);
        _settings = settings;
        _services = services;
        _runSeed = runSeed;
        Receive<RunStage>(HandleRunStage);
        Receive<Judged>(HandleJudged);
    }

    public static Props Props(PdganStageSettings settings, StageServices services, ulong runSeed) =>
        Actors.Props.Create(() => new PdganStage(settings, services, runSeed));

    protected override void PostStop()
    {
        _auxiliary?.Dispose();
        base.PostStop();
    }

    private void HandleRunStage(RunStage run)
    {
        if (_busy)
        {
            Sender.Tell(new StageFailed(run.Round, PdganStageSettings.TypeName, "the stage is still judging an earlier round"), Self);
            return;
        }

        _busy = true;
        var replyTo = Sender;
        Task.Run(() => Judge(run)).PipeTo(
            Self,
            success: result => new Judged(run, replyTo, result, null),
            failure: error => new Judged(run, replyTo, null, error.Message));
    }

    private void HandleJudged(Judged judged)
    {
        _busy = false;
        var run = judged.Run;
        if (judged.Result is not { } result)
        {
            judged.ReplyTo.Tell(new StageFailed(run.Round, PdganStageSettings.TypeName, judged.Error ?? "unknown error"), Self);
            return;
        }

        judged.ReplyTo.Tell(new StageDone(run.Round, result.Outcome, run.Updates, null) { NewState = result.NewState }, Self);
    }

    /// <summary>One round of Alg. 1 (lines 4–22), on a thread-pool thread.</summary>
    private Verdict Judge(RunStage run)
    {
        var spec = _services.Model;
        var realClasses = spec.Classes - 1;
        var auxiliary = Auxiliary(realClasses);
        var (positions, kept) = StageLogics.Kept(run);

        using var generator = TorchModel.Create(PdganLogic.GeneratorFor(spec, _settings.NoiseDim));
        if (run.State is { } state)
        {
            generator.SetState(PdganLogic.DecodeState(state));
        }
        else
        {
            generator.Initialize(StableRandom.Derive(_runSeed, PdganLogic.Stream));
        }

        using var model = TorchModel.Create(spec);
        model.SetState(PdganLogic.Discriminator(run.GlobalModel, kept));
        var options = new GanOptions
        {
            Steps = _settings.GanSteps,
            BatchSize = _settings.BatchSize,
            NoiseDim = _settings.NoiseDim,
            LearningRate = _settings.LearningRate,
        };
        var (dLoss, gLoss) = GanTraining.Train(generator, model, auxiliary, options, StableRandom.Derive(_runSeed, run.Round, PdganLogic.Stream));
        var newState = PdganLogic.EncodeState(generator.GetState());

        var diagnostics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        diagnostics["d-loss"] = dLoss;
        diagnostics["g-loss"] = gLoss;
        var judged = run.Round >= _settings.DIter && positions.Count > 0;
        diagnostics["judged"] = judged ? 1 : 0;
        if (!judged)
        {
            return new Verdict(new StageOutcome(PdganStageSettings.TypeName, StageLogics.KeepAll(run), diagnostics.ToImmutable()), newState);
        }

        var count = _settings.GeneratedSamples;
        var fake = GanTraining.Generate(generator, count, _settings.NoiseDim, StableRandom.Derive(_runSeed, run.Round, PdganLogic.Stream, 1));
        var predictions = new List<int[]>(kept.Count);
        var candidate = new float[run.GlobalModel.Length];
        foreach (var update in kept)
        {
            TensorMath.Add(run.GlobalModel, update, candidate);
            model.SetState(candidate);
            predictions.Add(PdganLogic.Predict(model.Forward(fake, count), count, spec.Classes, realClasses));
        }

        var truth = PdganLogic.MajorityLabels(predictions);
        var accuracies = PdganLogic.Accuracies(predictions, truth);
        var cutoff = PdganLogic.Cutoff(accuracies, _settings.Threshold, _settings.ThresholdMode);
        diagnostics["cutoff"] = cutoff;
        var dropped = new HashSet<int>();
        for (var k = 0; k < positions.Count; k++)
        {
            var client = run.Updates[positions[k]].ClientId;
            diagnostics[$"accuracy-{client}"] = accuracies[k];
            if (accuracies[k] < cutoff)
            {
                dropped.Add(client);
            }
        }

        var decisions = run.Updates
            .Select(u => dropped.Contains(u.ClientId) ? ClientDecision.Dropped(u.ClientId) : ClientDecision.Kept(u.ClientId))
            .ToList();
        return new Verdict(new StageOutcome(PdganStageSettings.TypeName, decisions, diagnostics.ToImmutable()), newState);
    }

    /// <summary>The server's auxiliary real data, built on first use from the run seed.</summary>
    private TorchDataset Auxiliary(int realClasses)
    {
        if (_auxiliary is not null)
        {
            return _auxiliary;
        }

        var data = _services.ServerData
            ?? throw new InvalidOperationException("pdgan needs the server's data samples, but none were given to the pipeline");
        if (data.Classes != realClasses)
        {
            throw new InvalidOperationException(
                $"pdgan needs a global model with one output more than the data's {data.Classes} classes (the last is 'fake'; use model.name = pdgan-discriminator), but {_services.Model.Name} has {_services.Model.Classes}");
        }

        var indices = Enumerable.Range(0, data.Count).Where(i => _settings.AuxiliaryClasses.Contains(data.Labels[i])).ToArray();
        if (indices.Length < 2)
        {
            throw new InvalidOperationException(
                $"pdgan's auxiliary-classes [{string.Join(", ", _settings.AuxiliaryClasses)}] have {indices.Length} samples in the server's data; it needs at least 2");
        }

        new StableRandom(StableRandom.Derive(_runSeed, PdganLogic.Stream, 2)).Shuffle(indices.AsSpan());
        var chosen = indices.Take(_settings.AuxiliarySamples).Order().ToArray();
        var size = data.SampleSize;
        var features = new float[chosen.Length * size];
        for (var k = 0; k < chosen.Length; k++)
        {
            data.Sample(chosen[k]).CopyTo(features.AsSpan(k * size, size));
        }

        _auxiliary = TorchDataset.Create("pdgan-auxiliary", features, data.SampleShape, chosen.Select(i => data.Labels[i]).ToArray(), realClasses);
        return _auxiliary;
    }

    /// <summary>A round's verdict and the generator after it.</summary>
    private sealed record Verdict(StageOutcome Outcome, byte[] NewState);

    /// <summary>The thread-pool work of a round, back in the actor: its verdict, or why there is none.</summary>
    private sealed record Judged(RunStage Run, IActorRef ReplyTo, Verdict? Result, string? Error);
}
