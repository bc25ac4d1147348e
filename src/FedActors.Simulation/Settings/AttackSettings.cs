using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.attack</c> section: which poisoning attack malicious clients run, if any, when, and the update masking of every client.</summary>
/// <param name="LabelFlip">The label-flip settings when <paramref name="Kind"/> is <see cref="AttackKind.LabelFlip"/>, otherwise null (likewise for the other attacks' settings).</param>
public sealed record AttackSettings(
    AttackKind Kind,
    int MaliciousClients,
    AttackTiming Timing,
    LabelFlipSettings? LabelFlip,
    DistributedFlipSettings? DistributedFlip = null,
    PixelBackdoorSettings? PixelBackdoor = null,
    SemanticBackdoorSettings? SemanticBackdoor = null)
{
    /// <summary>The names <c>fedactors.attack.type</c> accepts (the attacks implemented so far).</summary>
    public static IReadOnlyList<string> Types { get; } = ["none", "label-flip", "distributed-flip", "pixel-backdoor", "semantic-backdoor"];

    private const string Section = "fedactors.attack";

    /// <summary>Laplace masking of every client's submitted update; off unless configured.</summary>
    public MaskingSettings Masking { get; init; } = MaskingSettings.Off;

    /// <summary>What the coalition does to its members' trained updates (scaling, boosting); none unless configured.</summary>
    public ModelPoisoningSettings ModelPoisoning { get; init; } = ModelPoisoningSettings.None;

    /// <summary>The first round of the attack (see <see cref="AttackTiming"/>).</summary>
    public int StartRound => Timing.StartRound;

    /// <summary>Reads and checks <c>fedactors.attack</c>; <paramref name="run"/> and <paramref name="data"/> bound the client count, the rounds and the class range.</summary>
    public static AttackSettings FromConfig(Config config, RunSettings run, DataSettings data)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(data);
        var kind = OneOf(config, $"{Section}.type", Types) switch
        {
            "label-flip" => AttackKind.LabelFlip,
            "distributed-flip" => AttackKind.DistributedFlip,
            "pixel-backdoor" => AttackKind.PixelBackdoor,
            "semantic-backdoor" => AttackKind.SemanticBackdoor,
            _ => AttackKind.None,
        };
        var malicious = IntBetween(config, $"{Section}.malicious-clients", 0, run.Clients, "fedactors.run.clients");
        var startRound = IntAtLeast(config, $"{Section}.start-round", 1);
        var rounds = IntList(config, $"{Section}.rounds", 0, run.Rounds, "fedactors.run.rounds");
        var masking = new MaskingSettings(DoubleAtLeast(config, $"{Section}.masking.laplace-b", 0));
        var modelPoisoning = ModelPoisoningSettings.FromConfig(config, malicious);
        if (modelPoisoning.NeedsBenignUpdates && kind == AttackKind.None)
        {
            throw Violation(config, $"{Section}.model-poisoning.type",
                $"boosts a targeted poisoning: it needs a data poisoning {Section}.type (its poisoned samples are the targeted set D_tar)");
        }

        return new AttackSettings(
            kind,
            malicious,
            new AttackTiming(startRound, rounds),
            kind == AttackKind.LabelFlip ? ReadLabelFlip(config, data) : null,
            kind == AttackKind.DistributedFlip ? ReadDistributedFlip(config, data) : null,
            kind == AttackKind.PixelBackdoor ? ReadPixelBackdoor(config, data) : null,
            kind == AttackKind.SemanticBackdoor ? ReadSemanticBackdoor(config, data) : null)
        {
            Masking = masking,
            ModelPoisoning = modelPoisoning,
        };
    }

    private static LabelFlipSettings ReadLabelFlip(Config config, DataSettings data)
    {
        const string path = $"{Section}.label-flip";
        var (source, target) = ReadSourceTarget(config, path, data);
        var fraction = DoubleAbove(config, $"{path}.fraction", 0, max: 1);
        return new LabelFlipSettings(source, target, fraction);
    }

    private static DistributedFlipSettings ReadDistributedFlip(Config config, DataSettings data)
    {
        const string path = $"{Section}.distributed-flip";
        var (source, target) = ReadSourceTarget(config, path, data);
        var budget = IntAtLeast(config, $"{path}.budget", 1);
        return new DistributedFlipSettings(source, target, budget);
    }

    private static PixelBackdoorSettings ReadPixelBackdoor(Config config, DataSettings data)
    {
        const string path = $"{Section}.pixel-backdoor";
        var target = ReadClass(config, $"{path}.target", data);
        var fraction = DoubleAbove(config, $"{path}.fraction", 0, max: 1);
        var size = IntAtLeast(config, $"{path}.trigger-size", 1);
        var valuePath = $"{path}.trigger-value";
        double? value = config.GetValue(valuePath) switch
        {
            HoconNumber number when double.IsFinite(number.ToDouble()) => number.ToDouble(),
            HoconString { Value: "max" } => null,
            _ => throw Violation(config, valuePath, "must be a finite number or max"),
        };
        return new PixelBackdoorSettings(target, fraction, size, value);
    }

    private static SemanticBackdoorSettings ReadSemanticBackdoor(Config config, DataSettings data)
    {
        const string path = $"{Section}.semantic-backdoor";
        var (source, target) = ReadSourceTarget(config, path, data);
        var members = IntAtLeast(config, $"{path}.train-members", 1);
        var heldOut = IntAtLeast(config, $"{path}.held-out", 1);
        var variants = IntAtLeast(config, $"{path}.variants", 0);
        return new SemanticBackdoorSettings(source, target, members, heldOut, variants);
    }

    private static (int Source, int Target) ReadSourceTarget(Config config, string path, DataSettings data)
    {
        var source = ReadClass(config, $"{path}.source", data);
        var target = ReadClass(config, $"{path}.target", data);
        return target != source ? (source, target) : throw Violation(config, $"{path}.target", $"must differ from {path}.source ({source})");
    }

    private static int ReadClass(Config config, string path, DataSettings data)
    {
        var value = config.GetInt(path);
        return value >= 0 && value < data.Classes
            ? value
            : throw Violation(config, path, $"must be a class of {data.Name}, in [0, {data.Classes})");
    }
}
