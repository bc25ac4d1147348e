using System.CommandLine;
using FedActors.Hocon;

namespace FedActors.Cli.Commands;

/// <summary><c>fedactors config FILE [--set key=value]...</c>: prints the resolved configuration as JSON.</summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The HOCON file to read." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a setting, as HOCON: --set fedactors.run.seed=7 (repeatable; later ones win).",
            AllowMultipleArgumentsPerToken = false,
        };
        var withDefaults = new Option<bool>("--with-defaults")
        {
            Description = "Layer the file over hocon/reference.conf, as `fedactors run` does.",
        };
        var compact = new Option<bool>("--compact") { Description = "Print the JSON on one line." };

        var command = new Command("config", "Print the fully resolved configuration of a HOCON file as JSON.")
        {
            file, set, withDefaults, compact,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var config = ConfigLoader.Load(
                    parse.GetValue(file)!,
                    parse.GetValue(set) ?? Array.Empty<string>(),
                    parse.GetValue(withDefaults));
                output.WriteLine(config.ToJson(indented: !parse.GetValue(compact)));
                return 0;
            }
            catch (HoconException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.ConfigurationError;
            }
        });
        return command;
    }
}
