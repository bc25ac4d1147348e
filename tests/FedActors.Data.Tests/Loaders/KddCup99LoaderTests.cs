using System.IO.Compression;

namespace FedActors.Data.Tests.Loaders;

public sealed class KddCup99LoaderTests : IDisposable
{
    // Two real records of kddcup.data_10_percent (38 numeric columns around the three categorical ones).
    private const string Smurf = "0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.";
    private const string Normal = "0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.";

    private readonly string _dir = Directory.CreateTempSubdirectory("fedactors-kdd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Vocabulary_Sizes_Encode122FeaturesAnd23Classes()
    {
        // Assert
        Assert.Equal(3, KddCup99Vocabulary.Protocols.Count);
        Assert.Equal(70, KddCup99Vocabulary.Services.Count);
        Assert.Equal(11, KddCup99Vocabulary.Flags.Count);
        Assert.Equal(23, KddCup99Vocabulary.Labels.Count);
        Assert.Equal(122, KddCup99Vocabulary.FeatureCount);
        Assert.Equal(70, KddCup99Vocabulary.Services.Distinct().Count());
        Assert.Equal(KddCup99Vocabulary.Labels.Order(StringComparer.Ordinal), KddCup99Vocabulary.Labels);
        Assert.Equal(11, KddCup99Vocabulary.Labels.ToList().IndexOf("normal"));
    }

    [Fact]
    public void Load_GeneratedFileWithEveryCategory_OneHotsAndLabelsEachRecord()
    {
        // Arrange: one record per service, cycling through protocols, flags and labels, so every value is used.
        var services = KddCup99Vocabulary.Services;
        var lines = services.Select((service, i) => Line(
            duration: i,
            protocol: KddCup99Vocabulary.Protocols[i % 3],
            service: service,
            flag: KddCup99Vocabulary.Flags[i % 11],
            label: KddCup99Vocabulary.Labels[i % 23] + "."));
        var path = Path.Combine(_dir, "kdd.csv");
        File.WriteAllLines(path, lines.Append(""));

        // Act
        var data = KddCup99Loader.Load(path);

        // Assert
        Assert.Equal(70, data.Count);
        Assert.Equal(new[] { 122 }, data.SampleShape);
        Assert.Equal(23, data.Classes);
        for (var i = 0; i < data.Count; i++)
        {
            var sample = data.Sample(i);
            Assert.Equal(i % 23, data.Labels[i]);
            Assert.Equal(1f, sample[38 + i % 3]);
            Assert.Equal(1f, sample[38 + 3 + i]);
            Assert.Equal(1f, sample[38 + 3 + 70 + i % 11]);
            Assert.Equal(3f, sample[38..].ToArray().Sum());
        }
    }

    [Fact]
    public void Load_NumericColumns_AreZScoredAndConstantColumnsAreZero()
    {
        // Arrange
        var path = Path.Combine(_dir, "kdd.csv");
        File.WriteAllLines(path, new[] { Smurf, Normal });

        // Act
        var data = KddCup99Loader.Load(path, "kdd-train");

        // Assert: src_bytes (numeric 1) is 1032 vs 181, so ±1; duration (numeric 0) is 0 in both, so 0.
        Assert.Equal("kdd-train", data.Name);
        Assert.Equal(new[] { 18, 11 }, data.Labels);
        Assert.Equal(1f, data.Sample(0)[1], 5);
        Assert.Equal(-1f, data.Sample(1)[1], 5);
        Assert.Equal(0f, data.Sample(0)[0]);
        Assert.Equal(0f, data.Sample(1)[0]);
        for (var f = 0; f < 38; f++)
        {
            Assert.Equal(0f, data.Sample(0)[f] + data.Sample(1)[f], 5);
        }
    }

    [Fact]
    public void Load_GzippedFile_ReadsTheSameRecords()
    {
        // Arrange
        var path = Path.Combine(_dir, "kddcup.data_10_percent.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
        {
            writer.Write(Smurf + "\n" + Normal + "\n");
        }

        // Act
        var data = KddCup99Loader.Load(path);

        // Assert
        Assert.Equal(new[] { 18, 11 }, data.Labels);
    }

    [Theory]
    [InlineData("0,icmp,ecr_i,SF,1032,0", "2: 6 columns, expected 42")]
    [InlineData("0,icmp,ecr_i,XX,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.", "2: column 4 (flag) is 'XX'")]
    [InlineData("0,icmp,gopher2,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.", "2: column 3 (service) is 'gopher2'")]
    [InlineData("0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,mailbomb.", "2: column 42 (label) is 'mailbomb'")]
    [InlineData("0,icmp,ecr_i,SF,lots,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.", "2: column 5 is 'lots', expected a number")]
    public void Load_BadRecord_NamesFileAndLine(string badLine, string expected)
    {
        // Arrange
        var path = Path.Combine(_dir, "kdd.csv");
        File.WriteAllLines(path, new[] { Normal, badLine });

        // Act
        var error = Assert.Throws<DataException>(() => KddCup99Loader.Load(path));

        // Assert
        Assert.Contains(path + ":" + expected, error.Message);
    }

    [Fact]
    public void Load_TruncatedGzip_NamesTheFile()
    {
        // Arrange
        var full = Path.Combine(_dir, "full.gz");
        using (var gzip = new GZipStream(File.Create(full), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
        {
            for (var i = 0; i < 200; i++)
            {
                writer.WriteLine(i % 2 == 0 ? Smurf : Normal);
            }
        }

        var bytes = File.ReadAllBytes(full);
        var path = Path.Combine(_dir, "truncated.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        // Act
        var error = Assert.Throws<DataException>(() => KddCup99Loader.Load(path));

        // Assert
        Assert.Contains(path + ":", error.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysWhereToGetIt()
    {
        // Act
        var error = Assert.Throws<DataException>(() => KddCup99Loader.Load(Path.Combine(_dir, "absent.csv")));

        // Assert
        Assert.Contains("absent.csv: missing", error.Message);
        Assert.Contains("kddcup.data_10_percent.gz", error.Message);
    }

    private static string Line(int duration, string protocol, string service, string flag, string label) =>
        $"{duration},{protocol},{service},{flag}," + string.Join(',', Enumerable.Range(0, 37).Select(i => (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "," + label;
}
