using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.attack</c> section: which poisoning attack malicious clients run, if any.</summary>
/// <param name="LabelFlip">The label-flip settings when <paramref name="Kind"/> is <see cref="AttackKind.LabelFlip"/>, otherwise null.</param>
public sealed record AttackSettings(AttackKind Kind, int MaliciousClients, int StartRound, LabelFlipSettings? LabelFlip)
{
    /// <summary>The names <c>fedactors.attack.type</c> accepts (the attacks implemented so far).</summary>
    public static IReadOnlyList<string> Types { get; } = ["none", "label-flip"];

    private const string Section = "fedactors.attack";

    /// <summary>Reads and checks <c>fedactors.attack</c>; <paramref name="run"/> and <paramref name="data"/> bound the client count and the class range.</summary>
    public static AttackSettings FromConfig(Config config, RunSettings run, DataSettings data)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(data);
        var kind = OneOf(config, $"{Section}.type", Types) == "label-flip" ? AttackKind.LabelFlip : AttackKind.None;
        var malicious = IntBetween(config, $"{Section}.malicious-clients", 0, run.Clients, "fedactors.run.clients");
        var startRound = IntAtLeast(config, $"{Section}.start-round", 1);
        var labelFlip = kind == AttackKind.LabelFlip ? ReadLabelFlip(config, data) : null;
        return new AttackSettings(kind, malicious, startRound, labelFlip);
    }

    private static LabelFlipSettings ReadLabelFlip(Config config, DataSettings data)
    {
        const string path = $"{Section}.label-flip";
        var source = ReadClass(config, $"{path}.source", data);
        var target = ReadClass(config, $"{path}.target", data);
        if (target == source)
        {
            throw Violation(config, $"{path}.target", $"must differ from {path}.source ({source})");
        }

        var fraction = DoubleAbove(config, $"{path}.fraction", 0, max: 1);
        return new LabelFlipSettings(source, target, fraction);
    }

    private static int ReadClass(Config config, string path, DataSettings data)
    {
        var value = config.GetInt(path);
        return value >= 0 && value < data.Classes
            ? value
            : throw Violation(config, path, $"must be a class of {data.Name}, in [0, {data.Classes})");
    }
}
