using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FedActors.Cli.Run;

namespace FedActors.Cli.Tests.Run;

/// <summary>
/// Opens report.html in a real browser (Debian's headless chromium, which scripts/test.sh installs) and checks
/// that its plots render: every chart is in the browser's DOM with its lines, the lines have a length and a box
/// on the page, and a screenshot of the page is a real picture.
/// </summary>
public sealed class ReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(90);

    // Accuracy and ASR, detection, stealth cosine, stealth distance (see ReportHtml.Render).
    private const int Charts = 4;

    private static readonly Regex SvgElement = new("<svg\\b[^>]*>.*?</svg>", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex PathData = new("<path\\b[^>]*\\bd=\"([^\"]*)\"", RegexOptions.CultureInvariant);

    // An SVG path of at least two points, as ReportHtml draws them: "M x,y L x,y ...".
    private static readonly Regex LineData = new(
        "^M-?[0-9.]+,-?[0-9.]+( [ML]-?[0-9.]+,-?[0-9.]+)*( L-?[0-9.]+,-?[0-9.]+)( [ML]-?[0-9.]+,-?[0-9.]+)*$",
        RegexOptions.CultureInvariant);

    private readonly string _dir = Directory.CreateTempSubdirectory("fedactors-report-browser-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A browser helper may still hold a file for a moment; the temp directory is cleaned up eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public void ChromiumRendersEveryChartOfTheReportWithItsLines()
    {
        var report = WriteReport();

        var dom = Chrome("dom", "--dump-dom", new Uri(report).AbsoluteUri);

        var svgs = SvgElement.Matches(dom).Select(m => m.Value).ToList();
        Assert.True(svgs.Count == Charts, $"expected {Charts} charts in the rendered DOM, found {svgs.Count}:\n{Head(dom)}");
        for (var i = 0; i < svgs.Count; i++)
        {
            var lines = PathData.Matches(svgs[i]).Select(m => m.Groups[1].Value).ToList();
            Assert.True(lines.Count > 0, $"chart {i + 1} has no <path> in the rendered DOM:\n{svgs[i]}");
            Assert.All(lines, d => Assert.Matches(LineData, d));
            Assert.Contains("<circle", svgs[i], StringComparison.Ordinal);
            Assert.DoesNotContain(">no data<", svgs[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ChromiumLaysOutEveryLineOfEveryChart()
    {
        // The report has no scripts; a copy with a probe asks the browser for the geometry it laid out.
        var report = WriteReport();
        var html = File.ReadAllText(report);
        const string Probe = """
            <script>
            var out = [];
            document.querySelectorAll('svg').forEach(function (svg, i) {
              var box = svg.getBoundingClientRect();
              var paths = svg.querySelectorAll('path');
              var length = 0;
              paths.forEach(function (p) { length += p.getTotalLength(); });
              out.push([i, Math.round(box.width), Math.round(box.height), paths.length, Math.round(length)].join(' '));
            });
            var pre = document.createElement('pre');
            pre.id = 'geometry';
            pre.textContent = out.join('\n');
            document.body.appendChild(pre);
            </script>
            """;
        Assert.Contains("</body>", html, StringComparison.Ordinal);
        var probed = Path.Combine(_dir, "probed.html");
        File.WriteAllText(probed, html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));

        var dom = Chrome("probe", "--dump-dom", new Uri(probed).AbsoluteUri);

        var match = Regex.Match(dom, "<pre id=\"geometry\">([^<]*)</pre>", RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"the probe did not run in chromium:\n{Head(dom)}");
        var rows = match.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Split(' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
        Assert.Equal(Charts, rows.Count);
        foreach (var row in rows)
        {
            var (chart, width, height, paths, length) = (row[0] + 1, row[1], row[2], row[3], row[4]);
            Assert.True(width == 640 && height == 280, $"chart {chart} is laid out {width}x{height}, expected 640x280");
            Assert.True(paths > 0, $"chart {chart} has no lines");
            Assert.True(length > 50, $"chart {chart}'s lines are {length} px long in all; they do not draw");
        }
    }

    [Fact]
    public void ChromiumTakesAScreenshotOfTheReport()
    {
        var report = WriteReport();
        var png = Path.Combine(_dir, "report.png");

        Chrome("screenshot", $"--screenshot={png}", "--window-size=1200,2000", new Uri(report).AbsoluteUri);

        Assert.True(File.Exists(png), $"chromium wrote no screenshot to {png}");
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 24, $"the screenshot has only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(1200, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(2000, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        // A blank 1200x2000 page compresses to a few KB; text, tables and four charts do not.
        Assert.True(bytes.Length > 20_000, $"the screenshot has only {bytes.Length} bytes: a blank page?");
    }

    private string WriteReport()
    {
        var output = Path.Combine(_dir, "run");
        ResultsWriter.WriteAll(output, RunFixtures.ConfigJson, RunFixtures.Result());
        return Path.Combine(output, ResultsWriter.ReportFile);
    }

    /// <summary>Runs headless chromium with its own profile; returns stdout; fails on a non-zero exit or a timeout.</summary>
    private string Chrome(string name, params string[] args)
    {
        Assert.True(
            File.Exists(Chromium),
            $"{Chromium} is missing: these tests open report.html in Debian's chromium, which scripts/test.sh installs " +
            "(as root, or run: sudo apt-get install -y --no-install-recommends chromium).");

        var profile = Directory.CreateDirectory(Path.Combine(_dir, "profile-" + name)).FullName;
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])
                 [
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--hide-scrollbars", $"--user-data-dir={profile}",
                 ])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Chromium}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BrowserTimeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited just now.
            }

            process.WaitForExit();
            Assert.Fail($"chromium ({name}) did not finish within {BrowserTimeout.TotalSeconds} s and was killed; stderr:\n{Tail(stderr)}");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chromium ({name}) exited with {process.ExitCode}; stderr:\n{Tail(stderr)}");
        return stdout.GetAwaiter().GetResult();
    }

    private static string Tail(Task<string> text)
    {
        var s = text.Wait(TimeSpan.FromSeconds(5)) ? text.Result : "(stderr not read)";
        return s.Length <= 4000 ? s : s[^4000..];
    }

    private static string Head(string s) => s.Length <= 4000 ? s : s[..4000];
}
