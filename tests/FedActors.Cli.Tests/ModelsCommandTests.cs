using System.Text.Json;

namespace FedActors.Cli.Tests;

public sealed class ModelsCommandTests
{
    [Fact]
    public void Models_Table_ListsTheZooWithParameterCounts()
    {
        // Act
        var (exitCode, output, _) = CliRunner.Run("models");

        // Assert
        Assert.Equal(0, exitCode);
        var cnn = Assert.Single(output.Split('\n'), l => l.StartsWith("cnn-mnist ", StringComparison.Ordinal));
        Assert.Contains("1,663,370", cnn);
        foreach (var name in new[] { "mlp", "cnn-sniper", "pdgan-discriminator", "pdgan-generator", "kdd-fc", "resnet18-light" })
        {
            Assert.Contains(output.Split('\n'), l => l.StartsWith(name + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Models_Json_IsAnArrayOfModels()
    {
        var (exitCode, output, _) = CliRunner.Run("models", "--json");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var kdd = document.RootElement.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "kdd-fc");
        Assert.Equal(3_073, kdd.GetProperty("parameters").GetInt64());
        Assert.Equal(3_073 + 244, kdd.GetProperty("stateLength").GetInt64());
        Assert.Equal(23, kdd.GetProperty("outputs").GetInt32());
    }
}
