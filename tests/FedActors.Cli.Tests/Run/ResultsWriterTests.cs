using System.Text.Json;
using System.Xml.Linq;
using FedActors.Cli.Run;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Tests.Run;

public sealed class ResultsWriterTests
{
    [Fact]
    public void ResultsJsonHasTheConfigEchoRoundsAndSummary()
    {
        var result = RunFixtures.Result();
        using var json = JsonDocument.Parse(ResultsWriter.ResultsJson(RunFixtures.ConfigJson, result));
        var root = json.RootElement;

        Assert.Equal("unit", root.GetProperty("config").GetProperty("fedactors").GetProperty("run").GetProperty("name").GetString());
        var rounds = root.GetProperty("rounds");
        Assert.Equal(3, rounds.GetArrayLength());
        var first = rounds[0];
        Assert.Equal(1, first.GetProperty("round").GetInt32());
        Assert.Equal(0.6, first.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(3, first.GetProperty("perClassAccuracy").GetArrayLength());
        Assert.Equal(0.7, first.GetProperty("attackSuccessRate").GetDouble(), 12);
        var fedavg = first.GetProperty("detection").GetProperty("fedavg");
        Assert.Equal(1, fedavg.GetProperty("truePositives").GetInt32());
        Assert.Equal(0.5, fedavg.GetProperty("recall").GetDouble(), 12);
        var stealth = first.GetProperty("stealth");
        Assert.Equal(2, stealth.GetArrayLength());
        Assert.Equal(3, stealth[0].GetProperty("clientId").GetInt32());
        Assert.Equal(JsonValueKind.Null, stealth[1].GetProperty("maxDistanceToBenign").ValueKind);

        var summary = root.GetProperty("summary");
        Assert.Equal(0.8, summary.GetProperty("finalAccuracy").GetDouble(), 12);
        Assert.Equal(0.3, summary.GetProperty("attackSuccessRate").GetDouble(), 12);
        Assert.Equal(ModelHash.Sha256(result.FinalModel), summary.GetProperty("finalModelSha256").GetString());
        Assert.Matches("^[0-9a-f]{64}$", summary.GetProperty("finalModelSha256").GetString());
    }

    [Fact]
    public void ResultsJsonWritesNullAttackSuccessRateWithoutAnAttack()
    {
        var model = new float[] { 0f };
        var result = new RunResult("plain", ModelHash.Sha256(model), model, [RunFixtures.Report(1, 0.9, null)], TimeSpan.Zero);
        using var json = JsonDocument.Parse(ResultsWriter.ResultsJson("{}", result));

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("rounds")[0].GetProperty("attackSuccessRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("summary").GetProperty("attackSuccessRate").ValueKind);
    }

    [Fact]
    public void MetricsCsvHasAHeaderAndOneRowPerRound()
    {
        var lines = ResultsWriter.MetricsCsv(RunFixtures.Result().Rounds).TrimEnd('\n').Split('\n');

        Assert.Equal(4, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal(["round", "accuracy", "attack_success_rate", "received", "rejected", "timed_out", "bytes_moved"], header.Take(7));
        var second = lines[2].Split(',');
        Assert.Equal(header.Length, second.Length);
        Assert.Equal("2", second[0]);
        Assert.Equal("0.7", second[1]);
        Assert.Equal("1", second[4]);
        Assert.Equal("2000", second[6]);
    }

    [Fact]
    public void ReportHtmlIsSelfContainedWithOneSvgPerPlot()
    {
        var html = ReportHtml.Render(RunFixtures.Result());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        // Accuracy and ASR, detection, stealth cosine, stealth distance.
        Assert.Equal(4, CountOf(html, "<svg "));
        Assert.Equal(4, CountOf(html, "</svg>"));
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fedavg precision", html, StringComparison.Ordinal);
        Assert.Contains("client 3", html, StringComparison.Ordinal);

        // The body (minus the doctype) is well-formed markup.
        var body = html[html.IndexOf("<html", StringComparison.Ordinal)..];
        var document = XDocument.Parse(body);
        Assert.Equal("html", document.Root!.Name.LocalName);
    }

    [Fact]
    public void ReportHtmlDrawsEmptyPlotsWithoutRounds()
    {
        var model = new float[] { 0f };
        var html = ReportHtml.Render(new RunResult("empty", ModelHash.Sha256(model), model, [], TimeSpan.Zero));

        Assert.Equal(4, CountOf(html, "<svg "));
        Assert.Contains("no data", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAllWritesTheThreeFiles()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "runs", "unit-1");

        ResultsWriter.WriteAll(output, RunFixtures.ConfigJson, RunFixtures.Result());

        Assert.True(File.Exists(Path.Combine(output, "results.json")));
        Assert.True(File.Exists(Path.Combine(output, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
