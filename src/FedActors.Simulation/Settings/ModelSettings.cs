using FedActors.Hocon;
using FedActors.Torch;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.model</c> section: the zoo model every client trains.</summary>
public sealed record ModelSettings(string Name, IReadOnlyList<int> Hidden)
{
    private const string Section = "fedactors.model";

    /// <summary>Reads and checks <c>fedactors.model</c> of a resolved configuration.</summary>
    public static ModelSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = OneOf(config, $"{Section}.name", ModelZoo.Names);
        var hidden = IntList(config, $"{Section}.hidden", 1);
        return new ModelSettings(name, hidden);
    }
}
