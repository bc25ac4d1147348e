using System.Diagnostics;

namespace FedActors.Cli.Tests;

public sealed class MissingNativeLibraryTests : IDisposable
{
    private readonly string _copy = Directory.CreateTempSubdirectory("fedactors-nolib-").FullName;

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    [Fact]
    public void Models_WithoutTheNativeLibrary_SaysHowToBuildItAndExitsFour()
    {
        // Arrange: the CLI's build output without libfedtorch.so, outside the checkout, so nothing can find it.
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            if (Path.GetFileName(file) != "libfedtorch.so")
            {
                File.Copy(file, Path.Combine(_copy, Path.GetFileName(file)));
            }
        }

        var start = new ProcessStartInfo("dotnet", new[] { Path.Combine(_copy, "fedactors.dll"), "models" })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("FEDACTORS_TORCH_LIB");

        // Act
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(CliProcess.Limit), "the CLI did not exit");

        // Assert: one clear line, no stack trace.
        Assert.Equal(4, process.ExitCode);
        Assert.Contains("libfedtorch.so was not found", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("scripts/bootstrap.sh", error);
        Assert.DoesNotContain("   at ", error);
    }
}
