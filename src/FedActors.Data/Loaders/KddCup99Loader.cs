using System.Globalization;
using System.IO.Compression;

namespace FedActors.Data;

/// <summary>
/// KDDCup99 connection records from a CSV file without header (<c>kddcup.data_10_percent</c>, optionally gzipped):
/// 41 features and a label such as <c>normal.</c> or <c>smurf.</c>. Encoded as 122 features, in this order:
/// the 38 numeric columns in file order, z-scored with the mean and population standard deviation of the loaded
/// records (a constant column becomes 0); then one-hot protocol_type, service and flag over the fixed
/// <see cref="KddCup99Vocabulary"/>. Labels are the indices of <see cref="KddCup99Vocabulary.Labels"/>.
/// </summary>
public static class KddCup99Loader
{
    public const string FetchHint =
        "download kddcup.data_10_percent.gz (or kddcup.data.gz) from https://kdd.ics.uci.edu/databases/kddcup99/kddcup99.html";

    private static readonly Dictionary<string, int> LabelIndex = Index(KddCup99Vocabulary.Labels);
    private static readonly Dictionary<string, int> ProtocolIndex = Index(KddCup99Vocabulary.Protocols);
    private static readonly Dictionary<string, int> ServiceIndex = Index(KddCup99Vocabulary.Services);
    private static readonly Dictionary<string, int> FlagIndex = Index(KddCup99Vocabulary.Flags);

    /// <summary>Every record of <paramref name="csvPath"/> (read through gzip when it ends in <c>.gz</c>), samples shaped [122], 23 classes.</summary>
    public static ImageDataset Load(string csvPath, string? name = null)
    {
        if (!File.Exists(csvPath))
        {
            throw new DataException($"{csvPath}: missing; {FetchHint}");
        }

        var featureCount = KddCup99Vocabulary.FeatureCount;
        var features = new List<float>();
        var labels = new List<int>();
        var row = new float[featureCount];
        var lineNumber = 0;
        try
        {
            using var stream = Open(csvPath);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                labels.Add(ParseRecord(line, row, $"{csvPath}:{lineNumber}"));
                features.AddRange(row);
            }
        }
        catch (InvalidDataException error)
        {
            throw new DataException($"{csvPath}:{lineNumber + 1}: corrupt or truncated gzip data ({error.Message}); {FetchHint}");
        }

        if (labels.Count == 0)
        {
            throw new DataException($"{csvPath}: no records, expected lines of {KddCup99Vocabulary.Columns} comma-separated columns; {FetchHint}");
        }

        var values = features.ToArray();
        Standardize(values, labels.Count, featureCount);
        return new ImageDataset(name ?? Path.GetFileName(csvPath), values, labels.ToArray(), new[] { featureCount }, KddCup99Vocabulary.Labels.Count);
    }

    /// <summary>Encodes one line into <paramref name="row"/> (numeric columns raw, not yet standardized) and returns its class.</summary>
    internal static int ParseRecord(string line, float[] row, string where)
    {
        var columns = line.Split(',');
        if (columns.Length != KddCup99Vocabulary.Columns)
        {
            throw new DataException($"{where}: {columns.Length} columns, expected {KddCup99Vocabulary.Columns} (41 features and a label); {FetchHint}");
        }

        Array.Clear(row);
        var numeric = 0;
        var oneHot = KddCup99Vocabulary.NumericFeatures;
        for (var c = 0; c < KddCup99Vocabulary.Columns - 1; c++)
        {
            var text = columns[c].Trim();
            switch (c)
            {
                case 1:
                    row[oneHot + Lookup(ProtocolIndex, text, "protocol_type", c, where)] = 1f;
                    break;
                case 2:
                    row[oneHot + KddCup99Vocabulary.Protocols.Count + Lookup(ServiceIndex, text, "service", c, where)] = 1f;
                    break;
                case 3:
                    row[oneHot + KddCup99Vocabulary.Protocols.Count + KddCup99Vocabulary.Services.Count + Lookup(FlagIndex, text, "flag", c, where)] = 1f;
                    break;
                default:
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    {
                        throw new DataException($"{where}: column {c + 1} is '{text}', expected a number; {FetchHint}");
                    }

                    row[numeric++] = (float)value;
                    break;
            }
        }

        var label = columns[^1].Trim().TrimEnd('.');
        return Lookup(LabelIndex, label, "label", KddCup99Vocabulary.Columns - 1, where);
    }

    /// <summary>Z-scores the first <see cref="KddCup99Vocabulary.NumericFeatures"/> features of every sample in place (two passes, in double).</summary>
    private static void Standardize(float[] values, int count, int stride)
    {
        for (var f = 0; f < KddCup99Vocabulary.NumericFeatures; f++)
        {
            double sum = 0;
            for (var i = 0; i < count; i++)
            {
                sum += values[i * stride + f];
            }

            var mean = sum / count;
            double squares = 0;
            for (var i = 0; i < count; i++)
            {
                var d = values[i * stride + f] - mean;
                squares += d * d;
            }

            var std = Math.Sqrt(squares / count);
            for (var i = 0; i < count; i++)
            {
                values[i * stride + f] = std > 0 ? (float)((values[i * stride + f] - mean) / std) : 0f;
            }
        }
    }

    private static int Lookup(Dictionary<string, int> index, string value, string what, int column, string where) =>
        index.TryGetValue(value, out var i)
            ? i
            : throw new DataException($"{where}: column {column + 1} ({what}) is '{value}', not one of the {index.Count} known: {string.Join(", ", index.Keys)}; {FetchHint}");

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> values) =>
        values.Select((value, i) => (value, i)).ToDictionary(pair => pair.value, pair => pair.i, StringComparer.Ordinal);
}
