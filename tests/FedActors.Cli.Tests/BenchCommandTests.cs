using System.Text.Json;
using FedActors.Cli.Bench;

namespace FedActors.Cli.Tests;

/// <summary>
/// Smoke tests of <c>fedactors bench</c>: the shape of what it prints, never how fast anything is. They run alone
/// (see <see cref="BenchCollection"/>) because the memory case reads the whole process's heap.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchCommandTests
{
    private static readonly string[] ActorCases = { "ping-pong", "ping-pong-x16", "fan-out-1000", "10000" };

    [Fact]
    public void BenchActors_QuickJson_PrintsOnlyAnArrayOfFivePropertyRows()
    {
        // Act
        var (exitCode, output, _) = CliRunner.Run("bench", "actors", "--quick", "--json");

        // Assert: the whole of stdout parses as one JSON array, so nothing else was printed there.
        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.Equal(new[] { "bench", "case", "metric", "value", "unit" }, row.EnumerateObject().Select(p => p.Name));
            Assert.Equal("actors", row.GetProperty("bench").GetString());
            Assert.False(string.IsNullOrEmpty(row.GetProperty("case").GetString()));
            Assert.False(string.IsNullOrEmpty(row.GetProperty("unit").GetString()));
            Assert.True(row.GetProperty("value").GetDouble() > 0, $"{row} should have a positive value");
        }

        var metrics = rows.Select(r => (Case: r.GetProperty("case").GetString(), Metric: r.GetProperty("metric").GetString())).ToList();
        Assert.Contains(("ping-pong", "messages-per-second"), metrics);
        Assert.Contains(("ping-pong-x16", "messages-per-second"), metrics);
        Assert.Contains(("fan-out-1000", "messages-per-second"), metrics);
        Assert.Contains(("10000", "bytes-per-actor"), metrics);
        Assert.Contains(("10000", "spawn-seconds"), metrics);
    }

    [Fact]
    public void BenchActors_QuickTable_PrintsAHeaderAndARowPerCase()
    {
        // Act
        var (exitCode, output, error) = CliRunner.Run("bench", "actors", "--quick");

        // Assert
        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Assert.Single(lines, l => l.Contains("metric", StringComparison.Ordinal));
        Assert.Equal(new[] { "bench", "case", "metric", "value", "unit" }, Cells(header));
        var dataRows = lines.Where(l => l.StartsWith("| actors ", StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal(5, dataRows.Count);
        foreach (var @case in ActorCases)
        {
            Assert.Contains(dataRows, cells => cells[1] == @case);
        }

        // Progress went to stderr, and the table holds no escape codes: it must read right in a CI log.
        Assert.Contains("ping-pong", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public void WriteJson_Rows_PrintsTheFiveLowerCaseProperties()
    {
        // Arrange
        var rows = new[] { new BenchRow("actors", "ping-pong", "messages-per-second", 1234567.5, "msg/s") };
        var output = new StringWriter();

        // Act
        BenchOutput.WriteJson(output, rows);

        // Assert
        using var document = JsonDocument.Parse(output.ToString());
        var row = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal("""{"bench":"actors","case":"ping-pong","metric":"messages-per-second","value":1234567.5,"unit":"msg/s"}""",
            JsonSerializer.Serialize(row));
    }

    [Fact]
    public void WriteTable_Rows_AlignsTheColumnsWithValuesRightAligned()
    {
        // Arrange
        var rows = new[]
        {
            new BenchRow("actors", "[x]", "bytes-per-actor", 894.5, "B"),
            new BenchRow("actors", "ping-pong", "messages-per-second", 15538659, "msg/s"),
        };
        var output = new StringWriter();

        // Act
        BenchOutput.WriteTable(output, rows);

        // Assert: markup characters in a cell print as themselves.
        Assert.Equal(
            """
            +--------+-----------+---------------------+------------+-------+
            | bench  | case      | metric              |      value | unit  |
            |--------+-----------+---------------------+------------+-------|
            | actors | [x]       | bytes-per-actor     |      894.5 | B     |
            | actors | ping-pong | messages-per-second | 15,538,659 | msg/s |
            +--------+-----------+---------------------+------------+-------+
            """,
            output.ToString().TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Bench_Help_ListsTheActorsBenchmark()
    {
        // Act
        var (exitCode, output, _) = CliRunner.Run("bench", "--help");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Contains("actors", output, StringComparison.Ordinal);
        Assert.Contains("--quick", output, StringComparison.Ordinal);
        Assert.Contains("--json", output, StringComparison.Ordinal);
    }

    private static string[] Cells(string line) =>
        line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
