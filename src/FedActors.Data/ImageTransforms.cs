namespace FedActors.Data;

/// <summary>Shape changes applied to whole datasets.</summary>
public static class ImageTransforms
{
    /// <summary>
    /// Zero-pads CxHxW images to Cx32x32 with the image centred (28x28 MNIST gets 2 pixels each side), for models built
    /// for 32x32 input such as PDGAN's generator and discriminator.
    /// </summary>
    public static ImageDataset PadTo32(ImageDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.SampleShape is not [_, var height, var width] || height > 32 || width > 32 || (32 - height) % 2 != 0 || (32 - width) % 2 != 0)
        {
            throw new ArgumentException(
                $"{dataset.Name}: samples of [{string.Join(", ", dataset.SampleShape)}] cannot be centred in 32x32; expected [C, H, W] with H and W at most 32 and 32 - H, 32 - W even",
                nameof(dataset));
        }

        return Pad(dataset, (32 - height) / 2, (32 - width) / 2);
    }

    /// <summary>Zero-pads CxHxW images by <paramref name="rows"/> above and below and <paramref name="columns"/> left and right.</summary>
    public static ImageDataset Pad(ImageDataset dataset, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (dataset.SampleShape is not [var channels, var height, var width])
        {
            throw new ArgumentException($"{dataset.Name}: samples of [{string.Join(", ", dataset.SampleShape)}] are not images [C, H, W]", nameof(dataset));
        }

        var paddedHeight = height + 2 * rows;
        var paddedWidth = width + 2 * columns;
        var paddedSize = channels * paddedHeight * paddedWidth;
        var features = new float[dataset.Count * paddedSize];
        for (var i = 0; i < dataset.Count; i++)
        {
            var source = dataset.Sample(i);
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    var from = (c * height + y) * width;
                    var to = i * paddedSize + (c * paddedHeight + y + rows) * paddedWidth + columns;
                    source.Slice(from, width).CopyTo(features.AsSpan(to, width));
                }
            }
        }

        return dataset with { Features = features, Labels = (int[])dataset.Labels.Clone(), SampleShape = new[] { channels, paddedHeight, paddedWidth } };
    }
}
