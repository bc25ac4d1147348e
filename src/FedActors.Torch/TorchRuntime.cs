using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>Facts about the loaded libtorch, for logs and benchmark tables.</summary>
public static class TorchRuntime
{
    public static string LibtorchVersion
    {
        get
        {
            FedTorch.EnsureLoaded();
            return FedTorch.TorchVersion;
        }
    }

    /// <summary>libtorch's intra-op threads per job (1: jobs are single-threaded and deterministic).</summary>
    public static int IntraOpThreads
    {
        get
        {
            FedTorch.EnsureLoaded();
            return FedTorch.ft_get_num_threads();
        }
    }

    public static int CudaDeviceCount
    {
        get
        {
            FedTorch.EnsureLoaded();
            return FedTorch.ft_cuda_device_count();
        }
    }
}
