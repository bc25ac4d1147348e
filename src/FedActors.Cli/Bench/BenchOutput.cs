using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FedActors.Cli.Bench;

/// <summary>Prints benchmark rows as a table for people or as a JSON array for scripts.</summary>
public static class BenchOutput
{
    // Wide enough that no realistic case name wraps; a table only takes the width its cells need.
    private const int TableWidth = 160;

    /// <summary>
    /// An aligned table with a header. Rendered without colours, cursor movement or terminal-width detection, so it
    /// reads the same in a terminal, a file and a CI log.
    /// </summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<BenchRow> rows)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = TableWidth;
        console.Profile.Capabilities.Unicode = false;

        var table = new Table { Border = TableBorder.Ascii2 }
            .AddColumn("bench")
            .AddColumn("case")
            .AddColumn("metric")
            .AddColumn(new TableColumn("value").RightAligned())
            .AddColumn("unit");
        foreach (var row in rows)
        {
            // Text, not markup: a '[' in a case name must print as itself.
            table.AddRow(new IRenderable[]
            {
                new Text(row.Bench), new Text(row.Case), new Text(row.Metric), new Text(FormatValue(row.Value)), new Text(row.Unit),
            });
        }

        console.Write(table);
    }

    /// <summary>A JSON array of <c>{"bench", "case", "metric", "value", "unit"}</c> objects, one per row, in order.</summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<BenchRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("bench", row.Bench);
                json.WriteString("case", row.Case);
                json.WriteString("metric", row.Metric);
                json.WriteNumber("value", row.Value);
                json.WriteString("unit", row.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>Thousands separators for large values, four significant digits for small ones (0.1834 s).</summary>
    public static string FormatValue(double value) =>
        Math.Abs(value) >= 1000
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
}
