using System.Globalization;
using System.Net;
using System.Text;
using FedActors.Simulation;

namespace FedActors.Cli.Run;

/// <summary>
/// report.html: a self-contained page (inline CSS and SVG drawn here; no scripts, fonts or links) with the run's
/// plots: accuracy and attack success rate per round, detection per stage, and the stealth of malicious updates.
/// </summary>
public static class ReportHtml
{
    private const int Width = 640;
    private const int Height = 280;
    private const int Left = 56;
    private const int Right = 150;
    private const int Top = 16;
    private const int Bottom = 40;

    private static readonly string[] Palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>One line of a chart: (round, value) points; null values leave a gap.</summary>
    public sealed record Series(string Name, IReadOnlyList<(int Round, double? Value)> Points);

    public static string Render(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rounds = result.Rounds;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        html.Append("<title>FedActors run ").Append(Escape(result.Name)).Append("</title>\n");
        html.Append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}")
            .Append("section{margin-bottom:2em}code{font-size:90%}</style>\n</head>\n<body>\n");
        html.Append("<h1>Run ").Append(Escape(result.Name)).Append("</h1>\n");
        html.Append("<table>\n<tr><th>rounds</th><th>final accuracy</th><th>attack success rate</th><th>final model SHA-256</th><th>time</th></tr>\n<tr><td>")
            .Append(rounds.Count.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
            .Append(Percent(result.FinalAccuracy)).Append("</td><td>")
            .Append(Percent(result.FinalAttackSuccessRate / 100)).Append("</td><td><code>")
            .Append(Escape(result.FinalModelSha256)).Append("</code></td><td>")
            .Append(result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</td></tr>\n</table>\n");

        Section(html, "Accuracy and attack success rate per round", LineChart(
            "Accuracy and attack success rate",
            [
                new Series("accuracy", rounds.Select(r => (r.Round, (double?)r.Accuracy)).ToList()),
                // The attack success rate is a percentage (001 Def. 1); the chart plots fractions.
                new Series("attack success", rounds.Select(r => (r.Round, r.AttackSuccessRate / 100)).ToList()),
            ],
            fixedRange: (0, 1)));

        var stages = rounds.SelectMany(r => r.Detection.Keys).Distinct(StringComparer.Ordinal).ToList();
        var detection = new List<Series>();
        foreach (var stage in stages)
        {
            detection.Add(new Series($"{stage} precision", rounds.Select(r => (r.Round, r.Detection.TryGetValue(stage, out var c) ? (double?)c.Precision : null)).ToList()));
            detection.Add(new Series($"{stage} recall", rounds.Select(r => (r.Round, r.Detection.TryGetValue(stage, out var c) ? (double?)c.Recall : null)).ToList()));
        }

        Section(html, "Detection per stage (precision and recall of dropping malicious clients)", LineChart("Detection per stage", detection, fixedRange: (0, 1)));

        var attackers = rounds.SelectMany(r => r.Stealth.Select(s => s.ClientId)).Distinct().Order().ToList();
        var cosine = attackers.Select(id => new Series($"client {id}", rounds.Select(r => (r.Round, StealthOf(r, id)?.CosineToOthers)).ToList())).ToList();
        var distance = attackers.Select(id => new Series($"client {id}", rounds.Select(r => (r.Round, StealthOf(r, id)?.MaxDistanceToBenign)).ToList())).ToList();
        Section(html, "Stealth: cosine of each malicious update to the mean of the others", LineChart("Stealth: cosine to others", cosine, fixedRange: (-1, 1)));
        Section(html, "Stealth: largest L2 distance of each malicious update to a benign one", LineChart("Stealth: max L2 distance to benign", distance, fixedRange: null));

        html.Append("<section>\n<h2>Rounds</h2>\n<table>\n<tr><th>round</th><th>accuracy</th><th>attack success</th><th>received</th><th>rejected</th><th>timed out</th><th>bytes moved</th></tr>\n");
        foreach (var r in rounds)
        {
            html.Append("<tr><td>").Append(r.Round.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(Percent(r.Accuracy))
                .Append("</td><td>").Append(Percent(r.AttackSuccessRate / 100))
                .Append("</td><td>").Append(r.Received.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(r.Rejected.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(r.TimedOut.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(r.BytesMoved.ToString(CultureInfo.InvariantCulture))
                .Append("</td></tr>\n");
        }

        html.Append("</table>\n</section>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>An inline SVG line chart over rounds; an empty chart says "no data".</summary>
    public static string LineChart(string title, IReadOnlyList<Series> series, (double Min, double Max)? fixedRange)
    {
        ArgumentNullException.ThrowIfNull(series);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">");
        svg.Append("<title>").Append(Escape(title)).Append("</title>");
        var points = series.SelectMany(s => s.Points).Where(p => p.Value is { } v && double.IsFinite(v)).ToList();
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Top + (plotH / 2)}\" text-anchor=\"middle\" fill=\"#777\">no data</text></svg>");
            return svg.ToString();
        }

        var minRound = points.Min(p => p.Round);
        var maxRound = Math.Max(points.Max(p => p.Round), minRound + 1);
        var (minY, maxY) = fixedRange ?? (Math.Min(0, points.Min(p => p.Value!.Value)), points.Max(p => p.Value!.Value));
        if (maxY <= minY)
        {
            maxY = minY + 1;
        }

        double X(int round) => Left + ((round - minRound) * (double)plotW / (maxRound - minRound));
        double Y(double value) => Top + plotH - ((Math.Clamp(value, minY, maxY) - minY) * plotH / (maxY - minY));

        for (var i = 0; i <= 4; i++)
        {
            var value = minY + ((maxY - minY) * i / 4);
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Left + plotW}\" y2=\"{F(y)}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" font-size=\"11\">{value.ToString("0.###", CultureInfo.InvariantCulture)}</text>");
        }

        foreach (var round in Ticks(minRound, maxRound))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(round))}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\" font-size=\"11\">{round}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\" font-size=\"12\">round</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var path = new StringBuilder();
            var pen = false;
            foreach (var (round, value) in series[s].Points.OrderBy(p => p.Round))
            {
                if (value is not { } v || !double.IsFinite(v))
                {
                    pen = false;
                    continue;
                }

                path.Append(pen ? " L" : " M").Append(F(X(round))).Append(',').Append(F(Y(v)));
                pen = true;
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(round))}\" cy=\"{F(Y(v))}\" r=\"2\" fill=\"{color}\"/>");
            }

            if (path.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"/>");
            }

            var legendY = Top + 12 + (s * 16);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + plotW + 10}\" y=\"{legendY - 9}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotW + 24}\" y=\"{legendY}\" font-size=\"11\">{Escape(series[s].Name)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static IEnumerable<int> Ticks(int min, int max)
    {
        var step = Math.Max(1, (int)Math.Ceiling((max - min) / 10.0));
        for (var round = min; round <= max; round += step)
        {
            yield return round;
        }
    }

    private static StealthScore? StealthOf(RoundReport report, int clientId) =>
        report.Stealth.FirstOrDefault(s => s.ClientId == clientId);

    private static void Section(StringBuilder html, string heading, string svg) =>
        html.Append("<section>\n<h2>").Append(Escape(heading)).Append("</h2>\n").Append(svg).Append("\n</section>\n");

    private static string Percent(double? value) => Formats.Percent(value, "–");

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
