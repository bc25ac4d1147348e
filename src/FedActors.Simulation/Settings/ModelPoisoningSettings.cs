using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>How the coalition changes its members' trained updates before they are submitted.</summary>
public enum ModelPoisoningKind
{
    /// <summary>Members submit what they trained.</summary>
    None,

    /// <summary>Model replacement (000 Eq. 1): Δ ← γΔ.</summary>
    Scaling,

    /// <summary>Multi-party boosting with stealth (004 §4, Eq. 4).</summary>
    MultiPartyBoost,

    /// <summary>004's baseline: one malicious node, the largest boost within the L2 bound.</summary>
    Snal2,

    /// <summary>004's baseline: one malicious node, boosted by Eq. 4 without a distance constraint.</summary>
    Sanodc,
}

/// <summary>What the coalition knows of the round's benign updates (004 §5 "Knowledge level").</summary>
public enum AttackKnowledge
{
    /// <summary>Every benign update of the round and its sample count.</summary>
    Perfect,

    /// <summary><see cref="ModelPoisoningSettings.KnownBenign"/> of them, chosen by seed each round.</summary>
    Limited,
}

/// <summary>The <c>fedactors.attack.model-poisoning</c> section.</summary>
/// <param name="Scale">γ of <c>scaling</c>; null means <c>auto</c> = n/η (clients aggregated per round over the server learning rate).</param>
/// <param name="L2Bound">C; +∞ when <c>l2-bound = off</c>.</param>
/// <param name="AccuracyTolerance">γ of 004 Eq. 3 when the coalition evades the server's accuracy check, otherwise null.</param>
public sealed record ModelPoisoningSettings(
    ModelPoisoningKind Kind,
    double? Scale,
    IReadOnlyList<double> Lambdas,
    double CosinePenalty,
    double L2Bound,
    AttackKnowledge Knowledge,
    int KnownBenign,
    bool PerMember,
    double? AccuracyTolerance)
{
    /// <summary>The names <c>model-poisoning.type</c> accepts.</summary>
    public static IReadOnlyList<string> Types { get; } = ["none", "scaling", "multi-party-boost", "snal2", "sanodc"];

    public static ModelPoisoningSettings None { get; } =
        new(ModelPoisoningKind.None, null, [1, 2, 3, 5, 8, 10], 0, double.PositiveInfinity, AttackKnowledge.Perfect, 3, false, null);

    private const string Section = "fedactors.attack.model-poisoning";

    /// <summary>True for the kinds that search a boost against the round's benign updates.</summary>
    public bool NeedsBenignUpdates => Kind is ModelPoisoningKind.MultiPartyBoost or ModelPoisoningKind.Snal2 or ModelPoisoningKind.Sanodc;

    /// <summary>Reads and checks the section; <paramref name="maliciousClients"/> bounds the per-member search and the single-node baselines.</summary>
    public static ModelPoisoningSettings FromConfig(Config config, int maliciousClients)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.HasPath(Section))
        {
            return None;
        }

        var kind = OneOf(config, $"{Section}.type", Types) switch
        {
            "scaling" => ModelPoisoningKind.Scaling,
            "multi-party-boost" => ModelPoisoningKind.MultiPartyBoost,
            "snal2" => ModelPoisoningKind.Snal2,
            "sanodc" => ModelPoisoningKind.Sanodc,
            _ => ModelPoisoningKind.None,
        };

        double? scale = null;
        var scaleValue = config.GetValue($"{Section}.scale");
        if (scaleValue is not HoconString { Value: "auto" })
        {
            scale = DoubleAbove(config, $"{Section}.scale", 0);
        }

        var lambdaValues = config.GetList($"{Section}.lambdas");
        if (lambdaValues.Count == 0)
        {
            throw Violation(config, $"{Section}.lambdas", "must list at least one boost factor λ > 0");
        }

        var lambdas = new List<double>();
        for (var i = 0; i < lambdaValues.Count; i++)
        {
            var value = lambdaValues[i] is HoconNumber n ? n.ToDouble() : double.NaN;
            if (!(value > 0) || !double.IsFinite(value))
            {
                throw Violation(lambdaValues[i], $"{Section}.lambdas[{i}]", "must be a number > 0");
            }

            lambdas.Add(value);
        }

        var boundValue = config.GetValue($"{Section}.l2-bound");
        var bound = boundValue is HoconString { Value: "off" } ? double.PositiveInfinity : DoubleAbove(config, $"{Section}.l2-bound", 0);
        var knowledge = OneOf(config, $"{Section}.knowledge", ["perfect", "limited"]) == "limited" ? AttackKnowledge.Limited : AttackKnowledge.Perfect;
        var knownBenign = IntAtLeast(config, $"{Section}.known-benign", 1);
        var perMember = config.GetBool($"{Section}.per-member");
        double? tolerance = config.GetBool($"{Section}.evade-accuracy-check")
            ? DoubleAtLeast(config, $"{Section}.accuracy-tolerance", 0)
            : null;

        if (kind is ModelPoisoningKind.Snal2 or ModelPoisoningKind.Sanodc && maliciousClients > 1)
        {
            throw Violation(config, $"{Section}.type",
                $"is a single-node baseline: it needs fedactors.attack.malicious-clients = 1, not {maliciousClients}");
        }

        if (kind == ModelPoisoningKind.Snal2 && double.IsPositiveInfinity(bound))
        {
            throw Violation(config, $"{Section}.l2-bound", "must be set (a distance > 0) for snal2, whose point is the L2 constraint");
        }

        if (perMember && kind == ModelPoisoningKind.MultiPartyBoost && maliciousClients > 3)
        {
            throw Violation(config, $"{Section}.per-member",
                $"searches Λ^M and is allowed for M ≤ 3 members, but fedactors.attack.malicious-clients = {maliciousClients}");
        }

        return new ModelPoisoningSettings(kind, scale, lambdas, DoubleAtLeast(config, $"{Section}.cosine-penalty", 0), bound, knowledge, knownBenign, perMember, tolerance);
    }

    public bool Equals(ModelPoisoningSettings? other) =>
        other is not null && Kind == other.Kind && Scale == other.Scale && Lambdas.SequenceEqual(other.Lambdas) && CosinePenalty == other.CosinePenalty
        && L2Bound.Equals(other.L2Bound) && Knowledge == other.Knowledge && KnownBenign == other.KnownBenign && PerMember == other.PerMember
        && AccuracyTolerance == other.AccuracyTolerance;

    public override int GetHashCode() => HashCode.Combine(Kind, Scale, Lambdas.Count, CosinePenalty, L2Bound, Knowledge, KnownBenign, PerMember);
}
