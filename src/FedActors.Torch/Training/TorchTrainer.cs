using System.Collections.Concurrent;
using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>
/// Runs jobs in this process on libtorch. Datasets are registered once; models are built once per thread and spec
/// and reused, since a libtorch model serves one job at a time. With one intra-op thread per job, the same job gives
/// bit-identical results on the same machine.
/// </summary>
/// <remarks>
/// With batching on, jobs of fully connected models (<see cref="Batches"/>) train through the batched path, many clients
/// in one libtorch computation (<see cref="TrainBatch"/>), and a single job is a batch of one. A client's result
/// depends only on its job, not on which jobs share its batch, so grouping (which follows arrival order) never changes
/// a run.
/// </remarks>
public sealed unsafe class TorchTrainer : IBatchTrainer, IDisposable
{
    /// <summary>The most bytes of gathered samples one batch may hold; bigger groups are split.</summary>
    private const long MaxBatchSampleBytes = 512L << 20;

    /// <summary>The most bytes of stacked states one batch may hold (the optimizer and gradients take a few times more).</summary>
    private const long MaxBatchStateBytes = 256L << 20;

    private readonly ConcurrentDictionary<string, TorchDataset> _datasets = new(StringComparer.Ordinal);
    private readonly ThreadLocal<Dictionary<string, TorchModel>> _models = new(() => new Dictionary<string, TorchModel>(StringComparer.Ordinal), trackAllValues: true);
    private readonly ConcurrentDictionary<string, (bool Batchable, long StateLength)> _batchable = new(StringComparer.Ordinal);

    /// <param name="device">Where models and datasets live (CPU when null).</param>
    /// <param name="batching">Train jobs of fully connected models in batches (see <see cref="Batches"/>).</param>
    /// <param name="maxBatch">The most clients one batch trains.</param>
    /// <param name="states">Where trained states' arrays come from (<see cref="VectorPool.Shared"/> when null).</param>
    public TorchTrainer(TorchDevice? device = null, bool batching = false, int maxBatch = 1_000, VectorPool? states = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        FedTorch.EnsureLoaded();
        Device = device ?? TorchDevice.Cpu;
        Batching = batching;
        MaxBatch = maxBatch;
        States = states ?? VectorPool.Shared;
    }

    public TorchDevice Device { get; }

    /// <summary>The pool each <see cref="TrainResult.State"/> is rented from; its consumer may <see cref="VectorPool.Release"/> it.</summary>
    public VectorPool States { get; }

    /// <summary>Whether jobs of fully connected models train through the batched path.</summary>
    public bool Batching { get; }

    /// <summary>The most clients one <see cref="TrainBatch"/> call trains at once.</summary>
    public int MaxBatch { get; }

    /// <summary>
    /// Whether jobs of <paramref name="spec"/> train through the batched path here: batching is on and the model has
    /// only linear layers, flatten and elementwise activations (such as <c>mlp</c> and <c>kdd-fc</c>). Convolutional
    /// and batch-norm models always train one job at a time.
    /// </summary>
    public bool Batches(ModelSpec spec) => Batching && Describe(spec).Batchable;

    /// <inheritdoc/>
    public TrainBatchKey? BatchKey(TrainJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Batches(job.Model) ? TrainBatchKey.Of(job) : null;
    }

    /// <inheritdoc/>
    public int BatchCapacity(TrainJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var sampleBytes = Math.Max(1L, (long)job.Samples.Count * job.Model.InputShape.Aggregate(1L, (a, b) => a * b) * sizeof(float));
        var stateBytes = Math.Max(1L, Describe(job.Model).StateLength * sizeof(float));
        return (int)Math.Clamp(Math.Min(MaxBatchSampleBytes / sampleBytes, MaxBatchStateBytes / stateBytes), 1, MaxBatch);
    }

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
        if (Batches(job.Model))
        {
            return TrainBatch([job])[0];
        }

        job.Hyper.Validate();
        job.Samples.Validate();
        var dataset = DatasetNamed(job.Dataset);
        var model = ModelFor(job.Model);
        model.SetState(job.InitialState);

        var n = job.Samples.Count;
        var order = new long[(long)job.Hyper.Epochs * n];
        ShuffleOrder(job, order);
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

        var state = States.Rent((int)model.StateLength);
        model.GetState(state);
        return new TrainResult(state, n, meanLoss);
    }

    /// <summary>
    /// Trains <paramref name="jobs"/>, which must share one <see cref="BatchKey"/>, in one libtorch computation; each
    /// result is what that job alone gives through the batched path, bit for bit.
    /// </summary>
    public IReadOnlyList<TrainResult> TrainBatch(IReadOnlyList<TrainJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return [];
        }

        var first = jobs[0];
        if (!Batches(first.Model))
        {
            throw new InvalidOperationException(Batching
                ? $"model '{first.Model.Name}' cannot train in batches (only linear layers and activations can)"
                : "batching is off in this trainer");
        }

        var key = TrainBatchKey.Of(first);
        foreach (var job in jobs)
        {
            job.Hyper.Validate();
            job.Samples.Validate();
            if (TrainBatchKey.Of(job) != key)
            {
                throw new ArgumentException("jobs of one batch must share model, dataset, hyper-parameters, sample count and trigger", nameof(jobs));
            }
        }

        var dataset = DatasetNamed(first.Dataset);
        var model = ModelFor(first.Model);
        var k = jobs.Count;
        var n = first.Samples.Count;
        var length = model.StateLength;
        var epochs = first.Hyper.Epochs;
        var initial = new float[k][];
        var final = new float[k][];
        var indices = new long[(long)k * n];
        var order = new long[(long)k * epochs * n];
        var labels = new long[]?[k];
        var triggered = new byte[]?[k];
        for (var c = 0; c < k; c++)
        {
            var job = jobs[c];
            if (job.InitialState.Length != length)
            {
                throw new ArgumentException($"state vector has length {job.InitialState.Length}, the model needs {length}", nameof(jobs));
            }

            initial[c] = job.InitialState;
            var (i, l, t) = Marshal(job.Samples);
            i.CopyTo(indices, (long)c * n);
            labels[c] = l;
            triggered[c] = t;
            ShuffleOrder(job, order.AsSpan((int)((long)c * epochs * n), epochs * n));
        }

        var options = Options(first.Hyper, first.Samples.Trigger);
        for (var c = 0; c < k; c++)
        {
            final[c] = States.Rent((int)length);
        }

        var losses = new double[k];
        try
        {
            using var initialPointers = new PinnedArrays<float>(initial);
            using var finalPointers = new PinnedArrays<float>(final);
            using var labelPointers = new PinnedArrays<long>(labels);
            using var triggerPointers = new PinnedArrays<byte>(triggered);
            fixed (float** s = initialPointers.Pointers)
            fixed (long* i = indices)
            fixed (long** l = labelPointers.Pointers)
            fixed (byte** t = triggerPointers.Pointers)
            fixed (long* o = order)
            fixed (float** f = finalPointers.Pointers)
            fixed (double* m = losses)
            {
                FedTorch.Check(FedTorch.ft_train_batched(model.Handle, dataset.Handle, k, n, s, i, l, t, o, &options, f, m));
            }
        }
        catch
        {
            foreach (var state in final)
            {
                VectorPool.Release(state);
            }

            throw;
        }

        return [.. final.Select((state, c) => new TrainResult(state, n, losses[c]))];
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

    /// <summary>Each epoch's permutation of the job's samples, drawn from its seed, one after the other.</summary>
    private static void ShuffleOrder(TrainJob job, Span<long> order)
    {
        var n = job.Samples.Count;
        var random = new StableRandom(job.Seed);
        for (var epoch = 0; epoch < job.Hyper.Epochs; epoch++)
        {
            var permutation = order.Slice(epoch * n, n);
            for (var i = 0; i < n; i++)
            {
                permutation[i] = i;
            }

            random.Shuffle(permutation);
        }
    }

    private (bool Batchable, long StateLength) Describe(ModelSpec spec) =>
        _batchable.GetOrAdd(spec.Identity, _ =>
        {
            // Asked on the trainer pool's dispatcher thread too: a model built for the question and freed, not one
            // kept in that thread's cache.
            using var model = TorchModel.Create(spec, Device);
            // Batched training flattens every sample, as a flatten before the first linear layer does.
            var firstShaping = spec.Layers.FirstOrDefault(l => l.StartsWith("linear", StringComparison.Ordinal) || l.StartsWith("flatten", StringComparison.Ordinal));
            var flattens = spec.InputShape.Count == 1 || firstShaping?.StartsWith("flatten", StringComparison.Ordinal) == true;
            return (flattens && FedTorch.ft_model_batchable(model.Handle) == 1, model.StateLength);
        });

    private TorchModel ModelFor(ModelSpec spec)
    {
        var models = _models.Value!;
        var key = spec.Identity;
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
