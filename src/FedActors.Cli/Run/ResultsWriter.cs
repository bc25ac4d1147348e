using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedActors.Simulation;

namespace FedActors.Cli.Run;

/// <summary>Writes a run's <c>results.json</c>, <c>metrics.csv</c> and <c>report.html</c>.</summary>
public static class ResultsWriter
{
    public const string ResultsFile = "results.json";
    public const string MetricsFile = "metrics.csv";
    public const string ReportFile = "report.html";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the three files into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="configJson">The resolved configuration as JSON (Config.ToJson), echoed in results.json.</param>
    /// <param name="csv">Whether to write metrics.csv (metrics.csv = on).</param>
    public static void WriteAll(string directory, string configJson, RunResult result, bool csv = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ResultsFile), ResultsJson(configJson, result));
        if (csv)
        {
            File.WriteAllText(Path.Combine(directory, MetricsFile), MetricsCsv(result.Rounds));
        }

        File.WriteAllText(Path.Combine(directory, ReportFile), ReportHtml.Render(result));
    }

    /// <summary>One stage's detection counts as results.json (and <c>fedactors defend --json</c>) write them.</summary>
    internal static JsonObject DetectionNode(DetectionCounts counts) => new()
    {
        ["truePositives"] = counts.TruePositives,
        ["falsePositives"] = counts.FalsePositives,
        ["falseNegatives"] = counts.FalseNegatives,
        ["trueNegatives"] = counts.TrueNegatives,
        ["precision"] = counts.Precision,
        ["recall"] = counts.Recall,
    };

    /// <summary>One defense stage's verdict as <c>fedactors replay --json</c> and <c>fedactors defend --json</c> write it.</summary>
    internal static JsonObject StageNode(string stage, IReadOnlyList<ClientDecision> decisions, IReadOnlyDictionary<string, double> diagnostics)
    {
        var array = new JsonArray();
        foreach (var d in decisions)
        {
            array.Add(new JsonObject { ["client"] = d.ClientId, ["keep"] = d.Keep, ["weight"] = d.Weight });
        }

        return new JsonObject { ["stage"] = stage, ["decisions"] = array, ["diagnostics"] = Numbers(diagnostics) };
    }

    /// <summary>Named numbers as a JSON object; NaN and infinities (which JSON cannot hold) as null.</summary>
    internal static JsonObject Numbers(IReadOnlyDictionary<string, double> values)
    {
        var node = new JsonObject();
        foreach (var (key, value) in values)
        {
            node[key] = double.IsFinite(value) ? value : null;
        }

        return node;
    }

    /// <summary>results.json: <c>config</c> (the resolved configuration), <c>rounds[]</c> and <c>summary</c>.</summary>
    public static string ResultsJson(string configJson, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(configJson);
        ArgumentNullException.ThrowIfNull(result);
        var rounds = new JsonArray();
        foreach (var report in result.Rounds)
        {
            var detection = new JsonObject();
            foreach (var (stage, counts) in report.Detection)
            {
                detection[stage] = DetectionNode(counts);
            }

            var stealth = new JsonArray();
            foreach (var score in report.Stealth)
            {
                stealth.Add(new JsonObject
                {
                    ["clientId"] = score.ClientId,
                    ["cosineToOthers"] = Finite(score.CosineToOthers),
                    ["maxDistanceToBenign"] = Finite(score.MaxDistanceToBenign),
                });
            }

            rounds.Add(new JsonObject
            {
                ["round"] = report.Round,
                ["accuracy"] = report.Accuracy,
                ["perClassAccuracy"] = new JsonArray(report.PerClassAccuracy.Select(a => (JsonNode?)Finite(a)).ToArray()),
                ["attackSuccessRate"] = report.AttackSuccessRate,
                ["detection"] = detection,
                ["stealth"] = stealth,
                ["received"] = report.Received,
                ["rejected"] = report.Rejected,
                ["timedOut"] = report.TimedOut,
                ["bytesMoved"] = report.BytesMoved,
                ["modelHash"] = report.ModelHash,
            });
        }

        var root = new JsonObject
        {
            ["config"] = JsonNode.Parse(configJson),
            ["rounds"] = rounds,
            ["summary"] = new JsonObject
            {
                ["name"] = result.Name,
                ["rounds"] = result.Rounds.Count,
                ["finalAccuracy"] = result.FinalAccuracy,
                ["attackSuccessRate"] = result.FinalAttackSuccessRate,
                ["finalModelSha256"] = result.FinalModelSha256,
                ["parameters"] = result.FinalModel.Length,
                ["elapsedSeconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
            },
        };
        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary>metrics.csv: one row per round.</summary>
    public static string MetricsCsv(IReadOnlyList<RoundReport> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var builder = new StringBuilder();
        builder.Append("round,accuracy,attack_success_rate,received,rejected,timed_out,bytes_moved,detection_precision,detection_recall,max_stealth_distance,model_hash\n");
        foreach (var r in rounds)
        {
            var detection = r.Detection.Count == 0 ? null : r.Detection.Values.Last();
            var maxDistance = r.Stealth.Count == 0 ? (double?)null : r.Stealth.Max(s => s.MaxDistanceToBenign);
            builder.Append(string.Join(',',
                r.Round.ToString(CultureInfo.InvariantCulture),
                Number(r.Accuracy),
                Number(r.AttackSuccessRate),
                r.Received.ToString(CultureInfo.InvariantCulture),
                r.Rejected.ToString(CultureInfo.InvariantCulture),
                r.TimedOut.ToString(CultureInfo.InvariantCulture),
                r.BytesMoved.ToString(CultureInfo.InvariantCulture),
                Number(detection?.Precision),
                Number(detection?.Recall),
                Number(maxDistance),
                r.ModelHash));
            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
