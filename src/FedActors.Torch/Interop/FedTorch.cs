using System.Reflection;
using System.Runtime.InteropServices;

namespace FedActors.Torch.Interop;

/// <summary>
/// P/Invoke declarations of libfedtorch (see native/fedtorch.h). Every call returns a status; <see cref="Check"/>
/// turns a failure into a <see cref="TorchException"/> carrying the shim's thread-local message.
/// </summary>
internal static unsafe partial class FedTorch
{
    public const string Library = "fedtorch";

    /// <summary>Must equal FT_ABI_VERSION of the loaded library.</summary>
    public const int AbiVersion = 3;

    private static readonly Lazy<string?> s_loadProblem = new(Verify);

    // An explicit static constructor runs before any member of this class is used, P/Invoke stubs included, so the
    // resolver is in place before the first call into the library.
    static FedTorch()
    {
        NativeLibrary.SetDllImportResolver(typeof(FedTorch).Assembly, NativeLibraryLocator.Resolve);
    }

    /// <summary>Throws a <see cref="TorchException"/> saying how to build the shim when it is missing, unloadable or stale.</summary>
    public static void EnsureLoaded()
    {
        if (s_loadProblem.Value is { } problem)
        {
            throw new TorchException(problem);
        }
    }

    public static void Check(int status)
    {
        if (status != 0)
        {
            var message = Marshal.PtrToStringUTF8(ft_last_error());
            throw new TorchException(string.IsNullOrEmpty(message) ? $"libfedtorch failed with status {status}" : message);
        }
    }

    private static string? Verify()
    {
        int version;
        try
        {
            version = ft_abi_version();
        }
        catch (DllNotFoundException)
        {
            var what = NativeLibraryLocator.LoadFailure
                ?? "the native library libfedtorch.so was not found (looked at $FEDACTORS_TORCH_LIB, next to the program, and in src/FedActors.Torch/native/build of the checkout)";
            return $"{what}. Build it with scripts/bootstrap.sh (it installs libtorch-dev and cmake, then builds src/FedActors.Torch/native), " +
                "or point FEDACTORS_TORCH_LIB at a built libfedtorch.so.";
        }

        if (version != AbiVersion)
        {
            return $"the loaded libfedtorch.so is stale (ABI {version}, this build needs {AbiVersion}); rebuild it with scripts/bootstrap.sh.";
        }

        // One intra-op thread: each job is deterministic and single-threaded; parallelism comes from concurrent jobs.
        Check(ft_set_num_threads(1));
        return null;
    }

    [LibraryImport(Library)]
    public static partial int ft_abi_version();

    [LibraryImport(Library)]
    public static partial nint ft_last_error();

    [LibraryImport(Library)]
    public static partial nint ft_torch_version();

    [LibraryImport(Library)]
    public static partial int ft_set_num_threads(int threads);

    [LibraryImport(Library)]
    public static partial int ft_get_num_threads();

    [LibraryImport(Library)]
    public static partial int ft_cuda_device_count();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ft_model_create(string spec, string device, out nint model);

    [LibraryImport(Library)]
    public static partial void ft_model_free(nint model);

    [LibraryImport(Library)]
    public static partial long ft_model_state_length(nint model);

    [LibraryImport(Library)]
    public static partial long ft_model_parameter_count(nint model);

    [LibraryImport(Library)]
    public static partial int ft_model_segment_count(nint model);

    [LibraryImport(Library)]
    public static partial int ft_model_segments(nint model, Segment* segments, int capacity);

    [LibraryImport(Library)]
    public static partial int ft_model_get_state(nint model, float* state, long length);

    [LibraryImport(Library)]
    public static partial int ft_model_set_state(nint model, float* state, long length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ft_dataset_create(float* features, long* sampleShape, int sampleDims, long* labels, long count, string device, out nint dataset);

    [LibraryImport(Library)]
    public static partial void ft_dataset_free(nint dataset);

    [LibraryImport(Library)]
    public static partial int ft_train(nint model, nint dataset, long* indices, long* labels, byte* triggered, long n, long* order, TrainOptions* options, out double meanLoss);

    [LibraryImport(Library)]
    public static partial int ft_model_batchable(nint model);

    [LibraryImport(Library)]
    public static partial int ft_train_batched(nint model, nint dataset, int k, long n, float** initialStates, long* indices, long** labels, byte** triggered, long* order, TrainOptions* options, float** finalStates, double* meanLosses);

    [LibraryImport(Library)]
    public static partial int ft_evaluate(nint model, nint dataset, long* indices, long* labels, byte* triggered, long n, TrainOptions* trigger, int batchSize, int classes, long* confusion, out double lossSum);

    [LibraryImport(Library)]
    public static partial int ft_model_forward(nint model, float* input, long batch, long* sampleShape, int sampleDims, float* output, long outputLength);

    [LibraryImport(Library)]
    public static partial int ft_gan_train(nint generator, nint discriminator, nint auxiliary, long* realIndices, float* noise, GanOptions* options, out double discriminatorLoss, out double generatorLoss);

    [LibraryImport(Library)]
    public static partial int ft_pairwise_squared_distances(float* x, long k, long d, double* distances);

    [LibraryImport(Library)]
    public static partial int ft_pairwise_squared_distances_rows(float** rows, long k, long d, double* distances);

    [LibraryImport(Library)]
    public static partial int ft_cross_squared_distances_rows(float** a, long ka, float** b, long kb, long d, double* distances);

    [LibraryImport(Library)]
    public static partial int ft_gram_float32(float* x, long k, long d, float* gram);

    public static string TorchVersion => Marshal.PtrToStringUTF8(ft_torch_version()) ?? "unknown";

    [StructLayout(LayoutKind.Sequential)]
    public struct Segment
    {
        public int Kind;
        public long Numel;
        public long FanIn;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct GanOptions
    {
        public int Steps;
        public int BatchSize;
        public int NoiseDim;
        public int FakeClass;
        public double LearningRate;
        public double AdamBeta1;
        public double AdamBeta2;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TrainOptions
    {
        public int Optimizer;
        public double LearningRate;
        public double Momentum;
        public double WeightDecay;
        public double LrDecay;
        public double AdamBeta1;
        public double AdamBeta2;
        public double AdamEpsilon;
        public int Epochs;
        public int BatchSize;
        public int TriggerTop;
        public int TriggerLeft;
        public int TriggerHeight;
        public int TriggerWidth;
        public float TriggerValue;
    }
}
