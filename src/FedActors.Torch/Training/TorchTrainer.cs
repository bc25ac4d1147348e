using System.Collections.Concurrent;
using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>
/// Runs jobs in this process on libtorch. Datasets are registered once; models are built once per thread and spec
/// and reused, since a libtorch model serves one job at a time. With one intra-op thread per job, the same job gives
/// bit-identical results on the same machine.
/// </summary>
public sealed unsafe class TorchTrainer : ITrainer, IDisposable
{
    private readonly ConcurrentDictionary<string, TorchDataset> _datasets = new(StringComparer.Ordinal);
    private readonly ThreadLocal<Dictionary<string, TorchModel>> _models = new(() => new Dictionary<string, TorchModel>(StringComparer.Ordinal), trackAllValues: true);

    public TorchTrainer(TorchDevice? device = null)
    {
        FedTorch.EnsureLoaded();
        Device = device ?? TorchDevice.Cpu;
    }

    public TorchDevice Device { get; }

    /// <summary>Makes a dataset available to jobs under <paramref name="name"/> (copied to the device once).</summary>
    public void RegisterDataset(string name, ReadOnlySpan<float> features, int[] sampleShape, ReadOnlySpan<int> labels, int classes)
    {
        var dataset = TorchDataset.Create(name, features, sampleShape, labels, classes, Device);
        if (!_datasets.TryAdd(name, dataset))
        {
            dataset.Dispose();
            throw new InvalidOperationException($"a dataset named '{name}' is already registered");
        }
    }

    public TrainResult Train(TrainJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Hyper.Validate();
        job.Samples.Validate();
        var dataset = DatasetNamed(job.Dataset);
        var model = ModelFor(job.Model);
        model.SetState(job.InitialState);

        var n = job.Samples.Count;
        var epochs = job.Hyper.Epochs;
        var order = new long[(long)epochs * n];
        var random = new StableRandom(job.Seed);
        var permutation = new long[n];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            for (var i = 0; i < n; i++)
            {
                permutation[i] = i;
            }

            random.Shuffle(permutation.AsSpan());
            permutation.CopyTo(order, (long)epoch * n);
        }

        var options = Options(job.Hyper, job.Samples.Trigger);
        var (indices, labels, triggered) = Marshal(job.Samples);
        double meanLoss;
        fixed (long* i = indices)
        fixed (long* l = labels)
        fixed (byte* t = triggered)
        fixed (long* o = order)
        {
            FedTorch.Check(FedTorch.ft_train(model.Handle, dataset.Handle, i, l, t, n, o, &options, out meanLoss));
        }

        return new TrainResult(model.GetState(), n, meanLoss);
    }

    public EvalResult Evaluate(EvalJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Samples.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(job.BatchSize, 1);
        var dataset = DatasetNamed(job.Dataset);
        var model = ModelFor(job.Model);
        model.SetState(job.State);

        var classes = job.Model.Classes;
        var counts = new long[classes * classes];
        var options = Options(new TrainingHyperParameters(), job.Samples.Trigger);
        var (indices, labels, triggered) = Marshal(job.Samples);
        double lossSum;
        fixed (long* i = indices)
        fixed (long* l = labels)
        fixed (byte* t = triggered)
        fixed (long* c = counts)
        {
            FedTorch.Check(FedTorch.ft_evaluate(model.Handle, dataset.Handle, i, l, t, indices.Length, &options, job.BatchSize, classes, c, out lossSum));
        }

        return new EvalResult(new ConfusionMatrix(classes, counts)) { MeanLoss = lossSum / indices.Length };
    }

    public void Dispose()
    {
        foreach (var models in _models.Values)
        {
            foreach (var model in models.Values)
            {
                model.Dispose();
            }
        }

        _models.Dispose();
        foreach (var dataset in _datasets.Values)
        {
            dataset.Dispose();
        }

        _datasets.Clear();
    }

    private TorchDataset DatasetNamed(string name) =>
        _datasets.TryGetValue(name, out var dataset)
            ? dataset
            : throw new InvalidOperationException($"no dataset named '{name}' is registered with this trainer (registered: {string.Join(", ", _datasets.Keys)})");

    private TorchModel ModelFor(ModelSpec spec)
    {
        var models = _models.Value!;
        var key = spec.Name + "\n" + spec.ToNative();
        if (!models.TryGetValue(key, out var model))
        {
            model = TorchModel.Create(spec, Device);
            models.Add(key, model);
        }

        return model;
    }

    private static FedTorch.TrainOptions Options(TrainingHyperParameters hyper, PixelTrigger? trigger) => new()
    {
        Optimizer = hyper.Optimizer == OptimizerKind.Adam ? 1 : 0,
        LearningRate = hyper.LearningRate,
        Momentum = hyper.Momentum,
        WeightDecay = hyper.WeightDecay,
        LrDecay = hyper.LrDecay,
        AdamBeta1 = hyper.AdamBeta1,
        AdamBeta2 = hyper.AdamBeta2,
        AdamEpsilon = hyper.AdamEpsilon,
        Epochs = hyper.Epochs,
        BatchSize = hyper.BatchSize,
        TriggerTop = trigger?.Top ?? 0,
        TriggerLeft = trigger?.Left ?? 0,
        TriggerHeight = trigger?.Height ?? 0,
        TriggerWidth = trigger?.Width ?? 0,
        TriggerValue = trigger?.Value ?? 0,
    };

    /// <summary>The selection as the arrays the shim takes; absent labels or flags become null pointers.</summary>
    private static (long[] Indices, long[]? Labels, byte[]? Triggered) Marshal(SampleSelection samples) =>
        (samples.Indices.Select(i => (long)i).ToArray(),
            samples.Labels?.Select(l => (long)l).ToArray(),
            samples.Triggered?.Select(t => t ? (byte)1 : (byte)0).ToArray());
}
