using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>
/// Samples copied once into libtorch (on the trainer's device); jobs then name sample indices instead of moving
/// pixels. Safe to share between concurrent jobs.
/// </summary>
public sealed unsafe class TorchDataset : IDisposable
{
    private nint _handle;

    private TorchDataset(string name, int count, int[] sampleShape, int classes, nint handle)
    {
        Name = name;
        Count = count;
        SampleShape = sampleShape;
        Classes = classes;
        _handle = handle;
    }

    public string Name { get; }

    public int Count { get; }

    public IReadOnlyList<int> SampleShape { get; }

    public int Classes { get; }

    /// <param name="features">count × prod(sampleShape) values, sample after sample.</param>
    /// <param name="labels">count labels in 0..classes-1.</param>
    public static TorchDataset Create(string name, ReadOnlySpan<float> features, int[] sampleShape, ReadOnlySpan<int> labels, int classes, TorchDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        var sampleSize = sampleShape.Aggregate(1L, (a, b) => a * b);
        if (labels.Length == 0 || features.Length != labels.Length * sampleSize)
        {
            throw new ArgumentException($"{name}: {features.Length} feature values do not make {labels.Length} samples of {string.Join('x', sampleShape)}");
        }

        foreach (var label in labels)
        {
            if (label < 0 || label >= classes)
            {
                throw new ArgumentException($"{name}: label {label} is outside 0..{classes - 1}");
            }
        }

        FedTorch.EnsureLoaded();
        var longLabels = new long[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            longLabels[i] = labels[i];
        }

        var shape = sampleShape.Select(d => (long)d).ToArray();
        nint handle;
        fixed (float* f = features)
        fixed (long* s = shape)
        fixed (long* l = longLabels)
        {
            FedTorch.Check(FedTorch.ft_dataset_create(f, s, shape.Length, l, labels.Length, (device ?? TorchDevice.Cpu).Name, out handle));
        }

        return new TorchDataset(name, labels.Length, sampleShape.ToArray(), classes, handle);
    }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(Name);

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            FedTorch.ft_dataset_free(handle);
        }

        GC.SuppressFinalize(this);
    }

    ~TorchDataset()
    {
        if (_handle != 0)
        {
            FedTorch.ft_dataset_free(_handle);
        }
    }
}
