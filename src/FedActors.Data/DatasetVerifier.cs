using System.Security.Cryptography;

namespace FedActors.Data;

/// <summary>Checks dataset files against a <see cref="DatasetManifest"/>: size first, then SHA-256.</summary>
public static class DatasetVerifier
{
    public static DatasetFileCheck Check(DatasetFile file, string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, file.Path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return new DatasetFileCheck(file, path, DatasetFileStatus.Missing, null);
        }

        if (info.Length != file.Bytes)
        {
            return new DatasetFileCheck(file, path, DatasetFileStatus.WrongSize, info.Length);
        }

        var status = Sha256Of(path) == file.Sha256 ? DatasetFileStatus.Verified : DatasetFileStatus.WrongSha256;
        return new DatasetFileCheck(file, path, status, info.Length);
    }

    /// <summary>
    /// Throws <see cref="DataException"/> unless the manifest file at <paramref name="relativePath"/> (e.g.
    /// <c>mnist/train-images-idx3-ubyte</c>) has the manifest's size and SHA-256; the message names the file, what
    /// was expected and how to fetch it.
    /// </summary>
    public static void EnsureValid(string relativePath, string dataDirectory)
    {
        var file = DatasetManifest.Embedded.Files.FirstOrDefault(f => f.Path == relativePath)
            ?? throw new ArgumentException($"{relativePath} is not in the dataset manifest", nameof(relativePath));
        var check = Check(file, dataDirectory);
        var problem = check.Status switch
        {
            DatasetFileStatus.Missing => "missing",
            DatasetFileStatus.WrongSize => $"wrong size: expected {file.Bytes} bytes, found {check.ActualBytes} (truncated or not the original)",
            DatasetFileStatus.WrongSha256 => $"corrupt: its SHA-256 is not the expected {file.Sha256}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new DataException($"{check.FullPath}: {problem}; {DataCache.FetchHint} or with 'fedactors data fetch'");
        }
    }

    public static IReadOnlyList<DatasetFileCheck> CheckAll(DatasetManifest manifest, string dataDirectory) =>
        manifest.Files.Select(f => Check(f, dataDirectory)).ToList();

    /// <summary>The lowercase hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
