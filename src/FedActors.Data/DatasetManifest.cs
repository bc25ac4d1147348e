using System.Globalization;

namespace FedActors.Data;

/// <summary>
/// The datasets FedActors uses (<c>src/FedActors.Data/datasets.manifest</c>, embedded, and read by scripts/bootstrap.sh too):
/// <c>package SPEC TARBALL-SHA256</c> and <c>file PATH BYTES SHA256 SPEC MEMBER</c> lines; '#' starts a comment line.
/// </summary>
public sealed record DatasetManifest(IReadOnlyList<DatasetPackage> Packages, IReadOnlyList<DatasetFile> Files)
{
    private const string ResourceName = "FedActors.datasets.manifest";

    /// <summary>The manifest built into this assembly.</summary>
    public static DatasetManifest Embedded { get; } = LoadEmbedded();

    /// <summary>Parses manifest text; <paramref name="source"/> names it in error messages.</summary>
    public static DatasetManifest Parse(string text, string source)
    {
        var packages = new List<DatasetPackage>();
        var files = new List<DatasetFile>();
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var fields = lines[number - 1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            switch (fields[0])
            {
                case "package" when fields.Length == 3:
                    packages.Add(new DatasetPackage(fields[1], fields[2]));
                    break;
                case "file" when fields.Length == 6 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes):
                    files.Add(new DatasetFile(fields[1], bytes, fields[3], fields[4], fields[5]));
                    break;
                default:
                    throw new DataException(
                        $"{source}:{number}: expected 'package SPEC TARBALL-SHA256' or 'file PATH BYTES SHA256 SPEC MEMBER', found '{lines[number - 1].Trim()}'");
            }
        }

        foreach (var file in files.Where(f => packages.All(p => p.Spec != f.Package)))
        {
            throw new DataException($"{source}: {file.Path} comes from {file.Package}, which has no 'package' line");
        }

        return new DatasetManifest(packages, files);
    }

    private static DatasetManifest LoadEmbedded()
    {
        using var stream = typeof(DatasetManifest).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the {ResourceName} resource is missing from FedActors.Data");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "datasets.manifest");
    }
}
