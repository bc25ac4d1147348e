using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace FedActors.Cli.Tests;

public sealed class DefendCommandTests
{
    // 2-D updates x = 0, 1, 2, 10, 11 (y = 0): Krum with f = 1 scores 5, 2, 5, 65, 82 and keeps client 1.
    private const string Csv = "# client, x, y\n0,0,0\n1,1,0\n2,2,0\n3,10,0\n4,11,0\n";
    private const string Krum = "pipeline = [{ type = krum, f = 1 }, { type = fedavg }]";

    [Fact]
    public void Csv_KrumThenFedAvg_PrintsEachStagesVerdictsTheAggregateAndDetection()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("u.csv", Csv);

        var (code, stdout, stderr) = CliRunner.Run("defend", "--updates", file, "--pipeline", Krum, "--malicious", "3,4", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var krum = root.GetProperty("stages")[0];
        Assert.Equal("krum", krum.GetProperty("stage").GetString());
        Assert.Equal([false, true, false, false, false], krum.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("keep").GetBoolean()));
        Assert.Equal(2.0, krum.GetProperty("diagnostics").GetProperty("score-1").GetDouble());
        Assert.Equal(1.0, root.GetProperty("aggregate").GetProperty("norm").GetDouble(), 9);
        Assert.Equal([1.0, 0.0], root.GetProperty("aggregate").GetProperty("first").EnumerateArray().Select(v => v.GetDouble()));
        var detection = root.GetProperty("detection").GetProperty("krum");
        Assert.Equal((2, 2, 0, 1), (detection.GetProperty("truePositives").GetInt32(), detection.GetProperty("falsePositives").GetInt32(),
            detection.GetProperty("falseNegatives").GetInt32(), detection.GetProperty("trueNegatives").GetInt32()));
    }

    [Fact]
    public void Npy_GivesTheSameVerdictsAsTheSameUpdatesInCsv()
    {
        using var dir = new TempDirectory();
        var csv = dir.Write("u.csv", Csv);
        var npy = Path.Combine(dir.Path, "u.npy");
        WriteNpy(npy, [[0f, 0f], [1f, 0f], [2f, 0f], [10f, 0f], [11f, 0f]]);

        var fromCsv = CliRunner.Run("defend", "--updates", csv, "--pipeline", Krum, "--json");
        var fromNpy = CliRunner.Run("defend", "--updates", npy, "--pipeline", Krum, "--json");

        Assert.True(fromNpy.ExitCode == 0, fromNpy.Error);
        Assert.Equal(fromCsv.Output, fromNpy.Output);
    }

    [Fact]
    public void Text_HasATableRowPerClient()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("u.csv", Csv);

        var (code, stdout, _) = CliRunner.Run("defend", "--updates", file, "--pipeline", Krum);

        Assert.Equal(0, code);
        Assert.Contains("client  krum     fedavg  coefficient", stdout, StringComparison.Ordinal);
        Assert.Contains("aggregate: norm 1, first values [1, 0]", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0,1,2\n1,3\n", "u.csv:2: client 1 has 1 values, the first update 2")]
    [InlineData("0,1,2\n1,nan,3\n", "u.csv:2: value 1 of client 1, 'nan', is not a finite number")]
    [InlineData("0,1,2\n0,3,4\n", "u.csv:2: client 0 appears twice")]
    [InlineData("x,1,2\n", "u.csv:1: the client id 'x' is not a whole number ≥ 0")]
    public void BadCsv_IsOneLineNamingTheLine(string content, string message)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("u.csv", content);

        var (code, _, stderr) = CliRunner.Run("defend", "--updates", file, "--pipeline", Krum);

        Assert.Equal(ExitCodes.ConfigurationError, code);
        Assert.EndsWith(message, stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void TruncatedNpy_AndUnknownMaliciousIds_AreClearErrors()
    {
        using var dir = new TempDirectory();
        var npy = Path.Combine(dir.Path, "u.npy");
        WriteNpy(npy, [[0f, 0f], [1f, 0f]]);
        var bytes = File.ReadAllBytes(npy);
        File.WriteAllBytes(npy, bytes[..^3]);
        var csv = dir.Write("u.csv", Csv);

        var truncated = CliRunner.Run("defend", "--updates", npy, "--pipeline", Krum);
        var unknown = CliRunner.Run("defend", "--updates", csv, "--pipeline", Krum, "--malicious", "3,9");

        Assert.Equal(ExitCodes.ConfigurationError, truncated.ExitCode);
        Assert.Contains("2×2 float32 values need 16 bytes, the file has 13", truncated.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigurationError, unknown.ExitCode);
        Assert.Contains("--malicious names clients [9] that have no update in the file", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EvasionProbability_PrintsPaper000Eq4()
    {
        var (code, stdout, _) = CliRunner.Run("tools", "evasion-probability", "--K", "4", "--p", "0.5", "--u", "1", "--e", "1", "--t", "1");
        var bad = CliRunner.Run("tools", "evasion-probability", "--K", "10", "--p", "0.15", "--u", "2", "--e", "1", "--t", "0");

        Assert.Equal(0, code);
        Assert.Equal(1.0 / 6, double.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(ExitCodes.ConfigurationError, bad.ExitCode);
        Assert.Contains("K·p = 1.5 must be a whole number", bad.Error, StringComparison.Ordinal);
    }

    private static void WriteNpy(string path, float[][] rows)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Length}, {rows[0].Length}), }}";
        header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var value = new byte[4];
        foreach (var v in rows.SelectMany(r => r))
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, v);
            stream.Write(value);
        }
    }
}
