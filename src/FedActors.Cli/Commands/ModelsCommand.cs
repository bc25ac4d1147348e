using System.CommandLine;
using System.Text.Json;
using FedActors.Torch;

namespace FedActors.Cli.Commands;

/// <summary><c>fedactors models [--json]</c>: the model zoo with input shapes, outputs and parameter counts.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("models", "List the model zoo with parameter counts.") { json };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var rows = ModelZoo.Names.Select(Describe).ToList();
                if (parse.GetValue(json))
                {
                    output.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
                }
                else
                {
                    output.WriteLine($"{"model",-20} {"input",-10} {"outputs",8} {"parameters",12} {"state",12}");
                    foreach (var row in rows)
                    {
                        output.WriteLine($"{row.Name,-20} {row.Input,-10} {row.Outputs,8} {row.Parameters,12:N0} {row.StateLength,12:N0}");
                    }
                }

                return ExitCodes.Success;
            }
            catch (TorchException e)
            {
                parse.InvocationConfiguration.Error.WriteLine(e.Message);
                return ExitCodes.NativeLibraryError;
            }
        });
        return command;
    }

    private static ModelRow Describe(string name)
    {
        var spec = ModelZoo.Create(name);
        using var model = TorchModel.Create(spec);
        return new ModelRow(name, string.Join('x', spec.InputShape), spec.Classes, model.ParameterCount, model.StateLength);
    }

    /// <summary>One model of the zoo; <see cref="StateLength"/> adds batch-norm running statistics to the parameters.</summary>
    private sealed record ModelRow(string Name, string Input, int Outputs, long Parameters, long StateLength);
}
