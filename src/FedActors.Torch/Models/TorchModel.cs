using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>
/// A model instantiated in libtorch. Its state is one flat <c>float[]</c>: the trainable parameters in layer order,
/// then the batch-norm running statistics (which federated averaging averages too). Not thread-safe: one job at a time.
/// </summary>
public sealed unsafe class TorchModel : IDisposable
{
    private nint _handle;

    private TorchModel(ModelSpec spec, TorchDevice device, nint handle)
    {
        Spec = spec;
        Device = device;
        _handle = handle;
        StateLength = FedTorch.ft_model_state_length(handle);
        ParameterCount = FedTorch.ft_model_parameter_count(handle);
        var count = FedTorch.ft_model_segment_count(handle);
        var segments = new FedTorch.Segment[count];
        fixed (FedTorch.Segment* p = segments)
        {
            FedTorch.Check(FedTorch.ft_model_segments(handle, p, count));
        }

        Segments = segments.Select(s => new StateSegment((StateSegmentKind)s.Kind, s.Numel, s.FanIn)).ToArray();
    }

    public ModelSpec Spec { get; }

    public TorchDevice Device { get; }

    /// <summary>Trainable parameters (what the papers count, e.g. 1,663,370 for cnn-mnist).</summary>
    public long ParameterCount { get; }

    /// <summary>Length of the flat state vector: parameters plus running statistics.</summary>
    public long StateLength { get; }

    public IReadOnlyList<StateSegment> Segments { get; }

    /// <summary>Builds <paramref name="spec"/> on <paramref name="device"/>; a bad spec throws <see cref="TorchException"/> with the shim's message.</summary>
    public static TorchModel Create(ModelSpec spec, TorchDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        FedTorch.EnsureLoaded();
        device ??= TorchDevice.Cpu;
        FedTorch.Check(FedTorch.ft_model_create(spec.ToNative(), device.Name, out var handle));
        return new TorchModel(spec, device, handle);
    }

    /// <summary>
    /// A fresh state drawn from <paramref name="seed"/> with PyTorch's default schemes: weights and biases uniform in
    /// ±1/√fan_in, batch-norm scale 1 and shift 0, running mean 0 and variance 1. Computed in C#, so it is the same
    /// on every device and libtorch version.
    /// </summary>
    public float[] InitialState(ulong seed)
    {
        var state = new float[StateLength];
        var random = new StableRandom(seed);
        long offset = 0;
        foreach (var segment in Segments)
        {
            var span = state.AsSpan((int)offset, (int)segment.Length);
            switch (segment.Kind)
            {
                case StateSegmentKind.Weight or StateSegmentKind.Bias:
                    var bound = 1.0 / Math.Sqrt(segment.FanIn);
                    for (var i = 0; i < span.Length; i++)
                    {
                        span[i] = (float)((random.NextDouble() * 2 - 1) * bound);
                    }

                    break;
                case StateSegmentKind.NormWeight or StateSegmentKind.RunningVariance:
                    span.Fill(1f);
                    break;
            }

            offset += segment.Length;
        }

        return state;
    }

    /// <summary>Sets <see cref="InitialState"/> of <paramref name="seed"/> and returns it.</summary>
    public float[] Initialize(ulong seed)
    {
        var state = InitialState(seed);
        SetState(state);
        return state;
    }

    public float[] GetState()
    {
        var state = new float[StateLength];
        GetState(state);
        return state;
    }

    public void GetState(Span<float> destination)
    {
        fixed (float* p = destination)
        {
            FedTorch.Check(FedTorch.ft_model_get_state(Handle, p, destination.Length));
        }
    }

    /// <summary>Loads a state vector; one of the wrong length throws <see cref="TorchException"/>.</summary>
    public void SetState(ReadOnlySpan<float> state)
    {
        fixed (float* p = state)
        {
            FedTorch.Check(FedTorch.ft_model_set_state(Handle, p, state.Length));
        }
    }

    /// <summary>Runs the model in evaluation mode on <paramref name="batch"/> samples (laid out one after another); returns batch × outputs values.</summary>
    public float[] Forward(ReadOnlySpan<float> input, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var sampleSize = Spec.InputShape.Aggregate(1, (a, b) => a * b);
        if (input.Length != batch * sampleSize)
        {
            throw new ArgumentException($"{input.Length} input values are not {batch} samples of {string.Join('x', Spec.InputShape)}");
        }

        var shape = Spec.InputShape.Select(d => (long)d).ToArray();
        var output = new float[batch * Spec.Classes];
        fixed (float* i = input)
        fixed (long* s = shape)
        fixed (float* o = output)
        {
            FedTorch.Check(FedTorch.ft_model_forward(Handle, i, batch, s, shape.Length, o, output.Length));
        }

        return output;
    }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(TorchModel));

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            FedTorch.ft_model_free(handle);
        }

        GC.SuppressFinalize(this);
    }

    ~TorchModel()
    {
        if (_handle != 0)
        {
            FedTorch.ft_model_free(_handle);
        }
    }
}
