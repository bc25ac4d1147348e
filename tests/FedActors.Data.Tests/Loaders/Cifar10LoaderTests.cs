namespace FedActors.Data.Tests.Loaders;

public sealed class Cifar10LoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fedactors-cifar-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_GeneratedTestBatch_ReadsLabelsAndPlanarChannels()
    {
        // Arrange: record 0 is label 7, red 255 everywhere, green 0, blue 51; record 1 is label 0 with pixel (y=1, x=2) of green = 102.
        var first = Record(7, (byte)255, 0, 51);
        var second = Record(0, 0, 0, 0);
        second[1 + 1024 + 1 * 32 + 2] = 102;
        File.WriteAllBytes(Path.Combine(_dir, "test_batch.bin"), first.Concat(second).ToArray());

        // Act
        var test = Cifar10Loader.Load(train: false, _dir);

        // Assert
        Assert.Equal(new[] { 7, 0 }, test.Labels);
        Assert.Equal(new[] { 3, 32, 32 }, test.SampleShape);
        Assert.Equal(10, test.Classes);
        Assert.Equal(1f, test.Sample(0)[0]);
        Assert.Equal(0f, test.Sample(0)[1024]);
        Assert.Equal(0.2f, test.Sample(0)[2048 + 1023]);
        Assert.Equal(0.4f, test.Sample(1)[1024 + 1 * 32 + 2]);
        Assert.Equal(0.4f, test.Sample(1).ToArray().Sum());
    }

    [Fact]
    public void Load_FiveGeneratedTrainBatches_ConcatenatesThemInOrder()
    {
        // Arrange: batch b holds b records labelled b.
        for (var b = 1; b <= 5; b++)
        {
            File.WriteAllBytes(Path.Combine(_dir, $"data_batch_{b}.bin"), Enumerable.Range(0, b).SelectMany(_ => Record((byte)b, 1, 2, 3)).ToArray());
        }

        // Act
        var train = Cifar10Loader.Load(train: true, _dir);

        // Assert
        Assert.Equal(15, train.Count);
        Assert.Equal(new[] { 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5 }, train.Labels);
        Assert.Equal("cifar10-train", train.Name);
    }

    [Fact]
    public void Load_TruncatedFile_NamesTheFileAndTheRecordSize()
    {
        // Arrange
        var path = Path.Combine(_dir, "test_batch.bin");
        File.WriteAllBytes(path, Record(1, 0, 0, 0).Concat(new byte[100]).ToArray());

        // Act
        var error = Assert.Throws<DataException>(() => Cifar10Loader.Load(train: false, _dir));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("3173 bytes is not a whole, non-zero number of 3073-byte records", error.Message);
        Assert.Contains("cifar-10-binary.tar.gz", error.Message);
    }

    [Fact]
    public void Load_LabelTen_IsRefused()
    {
        // Arrange
        var path = Path.Combine(_dir, "test_batch.bin");
        File.WriteAllBytes(path, Record(3, 0, 0, 0).Concat(Record(10, 0, 0, 0)).ToArray());

        // Act
        var error = Assert.Throws<DataException>(() => Cifar10Loader.Load(train: false, _dir));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("label 10 of record 1", error.Message);
    }

    [Fact]
    public void Load_MissingBatch_NamesItAndSaysWhereToGetIt()
    {
        // Arrange
        File.WriteAllBytes(Path.Combine(_dir, "data_batch_1.bin"), Record(1, 0, 0, 0));

        // Act
        var error = Assert.Throws<DataException>(() => Cifar10Loader.Load(train: true, _dir));

        // Assert
        Assert.Contains(Path.Combine(_dir, "data_batch_2.bin") + ": missing", error.Message);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar.html", error.Message);
    }

    private static byte[] Record(byte label, byte red, byte green, byte blue) =>
        new[] { label }.Concat(Enumerable.Repeat(red, 1024)).Concat(Enumerable.Repeat(green, 1024)).Concat(Enumerable.Repeat(blue, 1024)).ToArray();
}
