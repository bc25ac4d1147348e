using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>Where tensors live: <c>cpu</c>, <c>cuda</c> (the first GPU) or <c>cuda:N</c>.</summary>
public sealed record TorchDevice
{
    private TorchDevice(string name) => Name = name;

    public static TorchDevice Cpu { get; } = new("cpu");

    public string Name { get; }

    public bool IsCuda => Name != "cpu";

    /// <summary>Parses a device name; asking for CUDA where libtorch sees none is an error that says so.</summary>
    public static TorchDevice Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "cpu")
        {
            return Cpu;
        }

        if (name != "cuda" && !(name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), out var index) && index >= 0))
        {
            throw new ArgumentException($"unknown device '{name}': use cpu, cuda or cuda:N", nameof(name));
        }

        FedTorch.EnsureLoaded();
        var available = FedTorch.ft_cuda_device_count();
        if (available == 0)
        {
            throw new ArgumentException($"device '{name}' was asked for, but libtorch sees no CUDA device (a CPU-only libtorch, or no GPU); use cpu, or build against a CUDA libtorch with LIBTORCH=/path scripts/bootstrap.sh", nameof(name));
        }

        return new TorchDevice(name);
    }

    public override string ToString() => Name;
}
