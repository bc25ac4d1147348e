namespace FedActors.Data.Tests.Loaders;

public sealed class FashionMnistLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fedactors-fashion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_RealFashionMnist_HasTheSplitSizesPerClass()
    {
        // Act
        var train = FashionMnistLoader.Load(train: true);
        var test = FashionMnistLoader.Load(train: false);

        // Assert
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(new[] { 1, 28, 28 }, train.SampleShape);
        Assert.Equal(new[] { 1, 28, 28 }, test.SampleShape);
        Assert.Equal(10, train.Classes);
        Assert.Equal(60_000 * 784, train.Features.Length);
        Assert.All(train.Labels.CountBy(label => label), pair => Assert.Equal(6_000, pair.Value));
        Assert.All(test.Labels.CountBy(label => label), pair => Assert.Equal(1_000, pair.Value));
        Assert.Equal(Enumerable.Range(0, 10), train.Labels.Distinct().Order());
        Assert.Equal(Enumerable.Range(0, 10), test.Labels.Take(10));
        Assert.Equal(0f, train.Features.Min());
        Assert.Equal(1f, train.Features.Max());
        Assert.Equal("fashion-mnist-train", train.Name);
    }

    [Fact]
    public void Load_RealFashionMnist_TrainAndTestImagesDiffer()
    {
        // Act
        var train = FashionMnistLoader.Load(train: true);
        var test = FashionMnistLoader.Load(train: false);

        // Assert: the first test image of class 0 is image 6,000 of 0.json, not image 0.
        Assert.False(train.Sample(0).SequenceEqual(test.Sample(0)));
    }

    [Fact]
    public void Load_TruncatedClassFile_NamesTheFile()
    {
        // Arrange
        var directory = Directory.CreateDirectory(Path.Combine(_dir, "fashion-mnist")).FullName;
        var path = Path.Combine(directory, "0.json");
        File.WriteAllText(path, "{\"data\":[[0,1,2],[3,4");

        // Act
        var error = Assert.Throws<DataException>(() => FashionMnistLoader.Load(train: true, cacheDirectory: _dir, verify: false));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("not valid JSON", error.Message);
        Assert.Contains("scripts/bootstrap.sh", error.Message);
    }

    [Fact]
    public void Load_ClassWithTooFewImages_NamesTheFileAndTheExpectedCount()
    {
        // Arrange: the count is checked before the pixels, so one-pixel images will do; empty arrays do not count.
        var directory = Directory.CreateDirectory(Path.Combine(_dir, "fashion-mnist")).FullName;
        File.WriteAllText(Path.Combine(directory, "0.json"), "{\"data\":[[]," + string.Join(',', Enumerable.Repeat("[0]", 6_999)) + ",[]]}");

        // Act
        var error = Assert.Throws<DataException>(() => FashionMnistLoader.Load(train: false, cacheDirectory: _dir, verify: false));

        // Assert
        Assert.Contains(Path.Combine(_dir, "fashion-mnist", "0.json"), error.Message);
        Assert.Contains("6999 non-empty images, expected at least 7000", error.Message);
    }

    [Fact]
    public void Load_ImageOfWrongSize_NamesTheFileAndTheImage()
    {
        // Arrange
        var directory = Directory.CreateDirectory(Path.Combine(_dir, "fashion-mnist")).FullName;
        var path = Path.Combine(directory, "0.json");
        File.WriteAllText(path, "{\"data\":[" + string.Join(',', Enumerable.Repeat("[0]", 7_000)) + "]}");

        // Act
        var error = Assert.Throws<DataException>(() => FashionMnistLoader.Load(train: true, cacheDirectory: _dir, verify: false));

        // Assert
        Assert.Contains(path + ": non-empty image 0 has 1 pixels, expected 784", error.Message);
    }

    [Fact]
    public void Load_PixelOutOfRange_IsRefused()
    {
        // Arrange
        var directory = Directory.CreateDirectory(Path.Combine(_dir, "fashion-mnist")).FullName;
        var path = Path.Combine(directory, "0.json");
        File.WriteAllText(path, "{\"data\":[[0,256]]}");

        // Act
        var error = Assert.Throws<DataException>(() => FashionMnistLoader.ReadClass(path));

        // Assert
        Assert.Contains(path, error.Message);
        Assert.Contains("pixel 256 of image 0 is not a byte", error.Message);
    }

    [Fact]
    public void Load_MissingDirectory_SaysHowToFetch()
    {
        // Act
        var error = Assert.Throws<DataException>(() => FashionMnistLoader.Load(train: true, cacheDirectory: _dir, verify: false));

        // Assert
        Assert.Contains("0.json: missing", error.Message);
        Assert.Contains("FEDACTORS_DATA", error.Message);
    }

    [Fact]
    public void ReadClass_GeneratedFile_KeepsImagesInOrderAndSkipsOtherProperties()
    {
        // Arrange
        var path = Path.Combine(_dir, "1.json");
        File.WriteAllText(path, "{\"name\":{\"x\":[1]},\"data\":[[1,2,3],[255],[]]}");

        // Act
        var images = FashionMnistLoader.ReadClass(path);

        // Assert
        Assert.Equal(3, images.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, images[0]);
        Assert.Equal(new byte[] { 255 }, images[1]);
        Assert.Empty(images[2]);
    }
}
