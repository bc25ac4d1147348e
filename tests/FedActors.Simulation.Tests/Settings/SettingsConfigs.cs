using FedActors.Hocon;

namespace FedActors.Simulation.Tests;

/// <summary>Loads experiment snippets the way the CLI does: the snippet (origin <c>exp.conf</c>) over hocon/reference.conf.</summary>
internal static class SettingsConfigs
{
    public const string Origin = "exp.conf";

    private static readonly Lazy<string> s_reference = new(() => File.ReadAllText(FindReferenceConf()));

    /// <summary>A fixed environment, so cache-dir does not depend on the machine running the tests.</summary>
    public static string? Environment(string name) => name == "HOME" ? "/home/tester" : null;

    public static Config Load(string experiment) =>
        ConfigurationFactory.ParseString(experiment, Origin)
            .WithFallback(ConfigurationFactory.ParseString(s_reference.Value, "reference.conf"))
            .Resolve(Environment);

    /// <summary>The 1-based line and column of the first occurrence of <paramref name="marker"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) PositionOf(string text, string marker)
    {
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' does not occur in the snippet");
        var before = text[..index];
        var line = before.Count(c => c == '\n') + 1;
        var column = index - (before.LastIndexOf('\n') + 1) + 1;
        return (line, column);
    }

    /// <summary>Asserts that reading <paramref name="experiment"/> fails at <paramref name="marker"/> with exactly <paramref name="reason"/>.</summary>
    public static HoconException AssertFails(string experiment, string marker, string reason)
    {
        var config = Load(experiment);
        var error = Assert.Throws<HoconException>(() => SimulationSettings.FromConfig(config));
        var (line, column) = PositionOf(experiment, marker);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(new HoconPosition(Origin, line, column), error.Position);
        Assert.StartsWith($"{Origin}:{line}:{column}: ", error.Message);
        return error;
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
}
