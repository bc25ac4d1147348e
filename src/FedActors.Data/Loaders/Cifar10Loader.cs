namespace FedActors.Data;

/// <summary>
/// CIFAR-10 from the binary version the user supplies (<c>data_batch_1.bin … data_batch_5.bin</c>, <c>test_batch.bin</c>):
/// each record is a label byte then 3,072 pixel bytes, 1,024 red, 1,024 green and 1,024 blue, each 32x32 row-major.
/// </summary>
public static class Cifar10Loader
{
    public const int Classes = 10;

    public const int ImageBytes = 3 * 32 * 32;

    public const int RecordBytes = 1 + ImageBytes;

    public const string FetchHint =
        "download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and extract its .bin files into that directory";

    /// <summary>The files of a split, in the order they are read.</summary>
    public static IReadOnlyList<string> FileNames(bool train) =>
        train ? new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin" } : new[] { "test_batch.bin" };

    /// <summary>The training (50,000) or test (10,000) split, pixels scaled to [0, 1], samples shaped 3x32x32 (channel, row, column).</summary>
    public static ImageDataset Load(bool train, string directory)
    {
        var files = FileNames(train).Select(name => Path.Combine(directory, name)).ToArray();
        var contents = new byte[files.Length][];
        for (var f = 0; f < files.Length; f++)
        {
            contents[f] = Read(files[f]);
        }

        var count = contents.Sum(bytes => bytes.Length / RecordBytes);
        var features = new float[count * ImageBytes];
        var labels = new int[count];
        var sample = 0;
        for (var f = 0; f < files.Length; f++)
        {
            var bytes = contents[f];
            for (var record = 0; record < bytes.Length / RecordBytes; record++, sample++)
            {
                var offset = record * RecordBytes;
                labels[sample] = bytes[offset];
                if (labels[sample] >= Classes)
                {
                    throw new DataException($"{files[f]}: label {labels[sample]} of record {record} (byte {offset}) is not a CIFAR-10 class 0..9; {FetchHint}");
                }

                var target = sample * ImageBytes;
                for (var p = 0; p < ImageBytes; p++)
                {
                    features[target + p] = bytes[offset + 1 + p] / 255f;
                }
            }
        }

        return new ImageDataset(train ? "cifar10-train" : "cifar10-test", features, labels, new[] { 3, 32, 32 }, Classes);
    }

    private static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataException($"{path}: missing; {FetchHint}");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
        {
            throw new DataException(
                $"{path}: {bytes.Length} bytes is not a whole, non-zero number of {RecordBytes}-byte records (1 label byte + {ImageBytes} pixels); truncated or not the binary version; {FetchHint}");
        }

        return bytes;
    }
}
