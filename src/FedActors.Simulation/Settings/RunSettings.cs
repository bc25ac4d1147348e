using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.run</c> section: the experiment as a whole.</summary>
public sealed record RunSettings(string Name, ulong Seed, int Rounds, int Clients, int ClientsPerRound, TimeSpan RoundTimeout)
{
    private const string Section = "fedactors.run";

    /// <summary>Reads and checks <c>fedactors.run</c> of a resolved configuration.</summary>
    public static RunSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = NonEmptyString(config, $"{Section}.name");
        if (name.IndexOfAny(['/', '\\', ':']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            // The name becomes part of the output directory runs/<name>-<time>/.
            throw Violation(config, $"{Section}.name", "must be usable as a directory name (no '/', '\\' or ':')");
        }

        var seed = config.GetLong($"{Section}.seed");
        if (seed < 0)
        {
            throw Violation(config, $"{Section}.seed", "must be ≥ 0");
        }

        var rounds = IntAtLeast(config, $"{Section}.rounds", 1);
        var clients = IntAtLeast(config, $"{Section}.clients", 1);
        var perRound = IntBetween(config, $"{Section}.clients-per-round", 1, clients, $"{Section}.clients");
        var timeout = config.GetDuration($"{Section}.round-timeout");
        if (timeout <= TimeSpan.Zero)
        {
            throw Violation(config, $"{Section}.round-timeout", "must be > 0");
        }

        return new RunSettings(name, (ulong)seed, rounds, clients, perRound, timeout);
    }
}
