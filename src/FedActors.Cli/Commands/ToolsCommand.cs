using System.CommandLine;
using System.Globalization;
using FedActors.Simulation;

namespace FedActors.Cli.Commands;

/// <summary><c>fedactors tools ...</c>: calculators from the papers.</summary>
public static class ToolsCommand
{
    public static Command Create()
    {
        var command = new Command("tools", "Calculators from the papers.");
        command.Subcommands.Add(EvasionProbabilityCommand());
        return command;
    }

    /// <summary><c>fedactors tools evasion-probability --K 100 --p 0.1 --u 10 --e 3 --t 3</c>: paper 000 Eq. 4.</summary>
    private static Command EvasionProbabilityCommand()
    {
        var k = new Option<int>("--K") { Description = "Clients per round.", Required = true };
        var p = new Option<double>("--p") { Description = "Share of malicious clients (K·p must be whole).", Required = true };
        var u = new Option<int>("--u") { Description = "Updates per sub-model.", Required = true };
        var e = new Option<int>("--e") { Description = "Evaluators per sub-model.", Required = true };
        var t = new Option<int>("--t") { Description = "Malicious evaluators among them.", Required = true };
        var command = new Command("evasion-probability", "Probability that a sub-model with malicious updates evades client-side cross-validation (000 Eq. 4).")
        {
            k, p, u, e, t,
        };
        command.SetAction(parse =>
        {
            try
            {
                var value = EvasionProbability.Compute(parse.GetValue(k), parse.GetValue(p), parse.GetValue(u), parse.GetValue(e), parse.GetValue(t));
                parse.InvocationConfiguration.Output.WriteLine(value.ToString("G10", CultureInfo.InvariantCulture));
                return ExitCodes.Success;
            }
            catch (ArgumentException error)
            {
                parse.InvocationConfiguration.Error.WriteLine($"tools evasion-probability: {error.Message}");
                return ExitCodes.ConfigurationError;
            }
        });
        return command;
    }
}
