namespace FedActors.Data.Tests.Loaders;

public sealed class ImageTransformsTests
{
    [Fact]
    public void PadTo32_Mnist28_Is32WithTheOriginalInTheCentreAndZerosAround()
    {
        // Arrange
        var original = SyntheticDataset.Generate(3, new[] { 1, 28, 28 }, 2, seed: 5);

        // Act
        var padded = ImageTransforms.PadTo32(original);

        // Assert
        Assert.Equal(new[] { 1, 32, 32 }, padded.SampleShape);
        Assert.Equal(original.Labels, padded.Labels);
        for (var i = 0; i < original.Count; i++)
        {
            var sample = padded.Sample(i);
            for (var y = 0; y < 32; y++)
            {
                for (var x = 0; x < 32; x++)
                {
                    var inside = y is >= 2 and < 30 && x is >= 2 and < 30;
                    var expected = inside ? original.Sample(i)[(y - 2) * 28 + (x - 2)] : 0f;
                    Assert.Equal(expected, sample[y * 32 + x]);
                }
            }
        }
    }

    [Fact]
    public void PadTo32_ThreeChannels_PadsEachChannel()
    {
        // Arrange
        var original = SyntheticDataset.Generate(2, new[] { 3, 30, 30 }, 2, seed: 9);

        // Act
        var padded = ImageTransforms.PadTo32(original);

        // Assert
        Assert.Equal(new[] { 3, 32, 32 }, padded.SampleShape);
        Assert.Equal(original.Sample(1)[2 * 900 + 29 * 30 + 29], padded.Sample(1)[2 * 1024 + 30 * 32 + 30]);
        Assert.Equal(0f, padded.Sample(1)[2 * 1024 + 31 * 32 + 31]);
        Assert.Equal(original.Features.Sum(), padded.Features.Sum(), 2);
    }

    [Fact]
    public void PadTo32_NotAnImageOrTooLarge_Throws()
    {
        // Arrange
        var flat = SyntheticDataset.Generate(2, new[] { 122 }, 2, seed: 1);
        var large = SyntheticDataset.Generate(2, new[] { 1, 34, 34 }, 2, seed: 1);

        // Act & Assert
        Assert.Throws<ArgumentException>(() => ImageTransforms.PadTo32(flat));
        Assert.Throws<ArgumentException>(() => ImageTransforms.PadTo32(large));
    }
}
