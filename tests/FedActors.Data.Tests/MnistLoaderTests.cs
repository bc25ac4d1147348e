namespace FedActors.Data.Tests;

public sealed class MnistLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fedactors-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_RealMnist_HasTheOriginalSizesAndNormalizedPixels()
    {
        // Act
        var train = MnistLoader.Load(train: true);
        var test = MnistLoader.Load(train: false);

        // Assert
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(new[] { 1, 28, 28 }, train.SampleShape);
        Assert.Equal(Enumerable.Range(0, 10), train.Labels.Distinct().Order());
        Assert.InRange(train.Features.Min(), 0f, 0f);
        Assert.InRange(train.Features.Max(), 1f, 1f);
        Assert.Equal(5, train.Labels[0]); // the first training digit of MNIST is a 5
    }

    [Fact]
    public void Read_TruncatedFile_NamesTheFileAndTheExpectedSize()
    {
        // Arrange: a header announcing 2 images of 28x28, but only 100 pixel bytes.
        var path = Path.Combine(_dir, "train-images-idx3-ubyte");
        File.WriteAllBytes(path, Header(0x0803, 2, 28, 28).Concat(new byte[100]).ToArray());

        // Act
        var error = Assert.Throws<DataException>(() => IdxReader.Read(path, 3));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains($"expected {16 + 2 * 28 * 28}", error.Message);
        Assert.Contains("scripts/bootstrap.sh", error.Message);
    }

    [Fact]
    public void Read_WrongMagic_IsRefused()
    {
        var path = Path.Combine(_dir, "labels");
        File.WriteAllBytes(path, Header(0x0803, 1).Concat(new byte[1]).ToArray());

        var error = Assert.Throws<DataException>(() => IdxReader.Read(path, 1));

        Assert.Contains("magic 0x00000803, expected 0x00000801", error.Message);
    }

    [Fact]
    public void Read_ShorterThanTheHeader_IsRefused()
    {
        var path = Path.Combine(_dir, "tiny");
        File.WriteAllBytes(path, new byte[] { 0, 0 });

        var error = Assert.Throws<DataException>(() => IdxReader.Read(path, 3));

        Assert.Contains("shorter than an IDX header", error.Message);
    }

    [Fact]
    public void Load_MissingFiles_SaysHowToFetchThem()
    {
        var error = Assert.Throws<DataException>(() => MnistLoader.Load(train: true, cacheDirectory: _dir));

        Assert.Contains("missing", error.Message);
        Assert.Contains("FEDACTORS_DATA", error.Message);
    }

    [Fact]
    public void Load_GeneratedIdxFiles_ScalesPixelsAndChecksLabels()
    {
        // Arrange: two 28x28 images (all 255 and all 0) labelled 3 and 12 (not a digit).
        var mnist = Directory.CreateDirectory(Path.Combine(_dir, "mnist")).FullName;
        File.WriteAllBytes(Path.Combine(mnist, "t10k-images-idx3-ubyte"),
            Header(0x0803, 2, 28, 28).Concat(Enumerable.Repeat((byte)255, 784)).Concat(new byte[784]).ToArray());
        File.WriteAllBytes(Path.Combine(mnist, "t10k-labels-idx1-ubyte"), Header(0x0801, 2).Concat(new byte[] { 3, 12 }).ToArray());

        // Act
        var error = Assert.Throws<DataException>(() => MnistLoader.Load(train: false, cacheDirectory: _dir, verify: false));

        // Assert
        Assert.Contains("label 12 at 1 is not a digit", error.Message);
    }

    private static byte[] Header(int magic, params int[] dimensions) =>
        new[] { magic }.Concat(dimensions).SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();

    [Fact]
    public void Load_CorruptFileOfTheRightSize_IsRejectedByItsChecksum()
    {
        // Arrange: a copy of the real test labels with one label changed (same size, still a valid IDX file).
        var mnist = Directory.CreateDirectory(Path.Combine(_dir, "mnist")).FullName;
        foreach (var name in new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            File.Copy(Path.Combine(DataCache.DefaultDirectory, "mnist", name), Path.Combine(mnist, name));
        }

        var labels = Path.Combine(mnist, "t10k-labels-idx1-ubyte");
        var bytes = File.ReadAllBytes(labels);
        bytes[100] = (byte)((bytes[100] + 1) % 10);
        File.WriteAllBytes(labels, bytes);

        // Act
        var error = Assert.Throws<DataException>(() => MnistLoader.Load(train: false, cacheDirectory: _dir));

        // Assert
        Assert.Contains(labels, error.Message);
        Assert.Contains("corrupt: its SHA-256 is not the expected", error.Message);
        Assert.Contains("fedactors data fetch", error.Message);
    }
}
