using System.CommandLine;
using FedActors.Cli.Bench;
using FedActors.Cli.Commands;

namespace FedActors.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    /// <summary>The <c>fedactors</c> command with all its verbs.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("FedActors: federated learning under poisoning attacks, simulated as actors.");
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(DefendCommand.Create());
        root.Subcommands.Add(ToolsCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        return root;
    }
}
