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

    public static IReadOnlyList<DatasetFileCheck> CheckAll(DatasetManifest manifest, string dataDirectory) =>
        manifest.Files.Select(f => Check(f, dataDirectory)).ToList();

    /// <summary>The lowercase hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
