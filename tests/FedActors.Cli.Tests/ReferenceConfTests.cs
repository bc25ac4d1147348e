using System.Text.RegularExpressions;
using FedActors.Hocon;

namespace FedActors.Cli.Tests;

public sealed partial class ReferenceConfTests
{
    private static readonly string[] Sections = { "run", "data", "model", "trainer", "attack", "defense", "persistence", "cluster", "metrics" };

    [Fact]
    public void Reference_Resolves_WithEverySectionUnderOneRoot()
    {
        // Act
        var config = ConfigLoader.Reference().Resolve(_ => null);

        // Assert
        Assert.Equal(new[] { "fedactors" }, config.Root.Keys);
        foreach (var section in Sections)
        {
            Assert.Equal(HoconValueType.Object, config.GetValue($"fedactors.{section}").Type);
        }

        Assert.Equal(42, config.GetInt("fedactors.run.seed"));
        Assert.Equal(TimeSpan.FromSeconds(60), config.GetDuration("fedactors.run.round-timeout"));
        Assert.True(config.GetInt("fedactors.run.clients-per-round") <= config.GetInt("fedactors.run.clients"));
    }

    [Fact]
    public void Reference_EveryKey_HasACommentAboveIt()
    {
        // Arrange
        var lines = File.ReadAllLines(FindReferenceConf());
        var undocumented = new List<string>();

        // Act: a line that starts a key (`key = ...`, `key {`) must follow a comment line, or a line defining the
        // same key (an override of a default, as in cache-dir with ${?FEDACTORS_DATA}).
        string? previousKey = null;
        string previous = string.Empty;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var match = KeyLine().Match(line);
            if (match.Success)
            {
                var key = match.Groups[1].Value;
                if (!previous.StartsWith('#') && key != previousKey)
                {
                    undocumented.Add($"line {i + 1}: {key}");
                }

                previousKey = key;
            }
            else if (line.Length > 0)
            {
                previousKey = null;
            }

            if (line.Length > 0)
            {
                previous = line;
            }
        }

        // Assert
        Assert.Empty(undocumented);
    }

    private static string FindReferenceConf()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon", "reference.conf");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("hocon/reference.conf not found above the test directory");
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9.-]*)\s*(=|:|\{)")]
    private static partial Regex KeyLine();
}
