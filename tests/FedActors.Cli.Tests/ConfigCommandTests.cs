using System.Text.Json;

namespace FedActors.Cli.Tests;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Config_ValidFile_PrintsTheResolvedJson()
    {
        // Arrange
        var file = _dir.Write("exp.conf", """
            # an experiment
            run {
              name = mnist-${run.seed}
              seed = 7
              rounds: 3
              round-timeout = 30s
            }
            data.partition = iid
            flags = [ true, false, null, 1e5, -0.25 ]
            limit = 512K
            """);

        // Act
        var (exitCode, output, error) = CliRunner.Run("config", file, "--compact");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal(
            """{"data":{"partition":"iid"},"flags":[true,false,null,1e5,-0.25],"limit":"512K","run":{"name":"mnist-7","round-timeout":"30s","rounds":3,"seed":7}}""",
            output.Trim());
    }

    [Fact]
    public void Config_EquivalentSpellings_PrintIdenticalJson()
    {
        // Arrange: the same configuration written as JSON and as terse HOCON (paths as keys, merged duplicate
        // keys, object concatenation inside an array, += and unquoted strings).
        var json = _dir.Write("a.conf", """
            { "fedactors": { "run": { "seed": 1, "name": "x y" }, "defense": { "pipeline": [ { "type": "krum", "f": 2 }, { "type": "fedavg" } ] } } }
            """);
        var hocon = _dir.Write("b.conf", """
            fedactors.run.seed = 1
            fedactors.run { name = x y }
            fedactors {
              defense.pipeline = [ { type = krum } { f = 2 } ]
              defense.pipeline += { type: fedavg }
            }
            """);

        // Act
        var fromJson = CliRunner.Run("config", json);
        var fromHocon = CliRunner.Run("config", hocon);

        // Assert
        Assert.Equal(0, fromJson.ExitCode);
        Assert.Equal(0, fromHocon.ExitCode);
        Assert.Equal(fromJson.Output, fromHocon.Output);
    }

    [Fact]
    public void Config_SetOverrides_WinOverTheFileAndLaterOnesWin()
    {
        // Arrange
        var file = _dir.Write("exp.conf", "run { seed = 1, rounds = 10, name = base }\nlabel = ${run.name}-${run.seed}");

        // Act
        var (exitCode, output, _) = CliRunner.Run(
            "config", file, "--compact",
            "--set", "run.seed=2", "--set", "run.seed = 3", "--set", "run.extra { on = yes }");

        // Assert: substitutions in the file see the overrides, because resolution happens after layering.
        Assert.Equal(0, exitCode);
        Assert.Equal("""{"label":"base-3","run":{"extra":{"on":"yes"},"name":"base","rounds":10,"seed":3}}""", output.Trim());
    }

    [Fact]
    public void Config_MalformedFile_ExitsTwoWithOneLineAndNoStackTrace()
    {
        // Arrange
        var file = _dir.Write("bad.conf", "run {\n  seed = 1\n  rounds = [1, 2,, 3]\n}\n");

        // Act
        var (exitCode, output, error) = CliRunner.Run("config", file);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"{file}:3:18: two commas in a row", error.TrimEnd('\n'));
    }

    [Fact]
    public void Config_UnresolvableSubstitution_ExitsTwoNamingTheSubstitution()
    {
        // Arrange
        var file = _dir.Write("bad.conf", "a = 1\nb = ${does.not.exist}\n");

        // Act
        var (exitCode, _, error) = CliRunner.Run("config", file);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"{file}:2:5: could not resolve ${{does.not.exist}}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_MalformedOverride_ExitsTwoPointingIntoTheOverride()
    {
        // Arrange
        var file = _dir.Write("exp.conf", "a = 1");

        // Act
        var (exitCode, _, error) = CliRunner.Run("config", file, "--set", "a = [1,,2]");

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Equal("--set 'a = [1,,2]':1:8: two commas in a row", error.TrimEnd('\n'));
    }

    [Fact]
    public void Config_MissingFile_ExitsTwoWithOneLine()
    {
        // Arrange
        var missing = Path.Combine(_dir.Path, "nope.conf");

        // Act
        var (exitCode, _, error) = CliRunner.Run("config", missing);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Equal($"{missing}: no such file", error.TrimEnd('\n'));
    }

    [Fact]
    public void Config_WithDefaults_LayersTheFileOverReferenceConf()
    {
        // Arrange
        var file = _dir.Write("exp.conf", "fedactors.run.rounds = 3");

        // Act
        var (exitCode, output, error) = CliRunner.Run("config", file, "--with-defaults");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var run = JsonDocument.Parse(output).RootElement.GetProperty("fedactors").GetProperty("run");
        Assert.Equal(3, run.GetProperty("rounds").GetInt32());
        Assert.Equal(42, run.GetProperty("seed").GetInt32());
    }

    [Fact]
    public void Help_ListsTheVerbs()
    {
        // Act
        var (exitCode, output, _) = CliRunner.Run("--help");

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Contains("config <file>", output, StringComparison.Ordinal);
    }
}
