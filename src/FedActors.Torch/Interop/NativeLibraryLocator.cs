using System.Reflection;
using System.Runtime.InteropServices;

namespace FedActors.Torch.Interop;

/// <summary>
/// Finds libfedtorch.so: FEDACTORS_TORCH_LIB if set, next to the assemblies (the build copies it there), or in
/// src/FedActors.Torch/native/build of the checkout the program runs from.
/// </summary>
internal static class NativeLibraryLocator
{
    public const string FileName = "libfedtorch.so";

    public static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != FedTorch.Library)
        {
            return 0;
        }

        foreach (var candidate in Candidates())
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            try
            {
                return NativeLibrary.Load(candidate);
            }
            catch (DllNotFoundException e)
            {
                // The file is there but does not load (usually libtorch itself is missing): keep the loader's reason.
                LoadFailure = $"{candidate} exists but could not be loaded: {e.Message.Split('\n')[0].Trim()}";
            }
        }

        return 0;
    }

    /// <summary>Why an existing libfedtorch.so could not be loaded, if that happened.</summary>
    public static string? LoadFailure { get; private set; }

    public static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("FEDACTORS_TORCH_LIB") is { Length: > 0 } explicitPath)
        {
            yield return explicitPath;
        }

        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "src", "FedActors.Torch", "native", "build", FileName);
        }
    }
}
