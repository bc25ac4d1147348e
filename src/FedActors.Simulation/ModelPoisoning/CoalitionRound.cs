using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// One attacking round of a coordinating coalition (004's boosting): it collects the selected members' trained
/// updates and the benign updates its knowledge level shows it, then plans the boost search. Which members and
/// which benign clients count is derived from the run seed (the round's selection is <see cref="ClientSampler"/>'s,
/// limited knowledge picks its benign clients by seed), never from arrival order.
/// </summary>
internal sealed class CoalitionRound
{
    private readonly Dictionary<int, MemberResult> _members = [];
    private readonly Dictionary<int, (long Samples, float[]? Update)> _benign = [];

    public CoalitionRound(int round, IReadOnlyList<int> expectedMembers, IReadOnlyList<int> knownBenign)
    {
        Round = round;
        ExpectedMembers = expectedMembers;
        KnownBenign = knownBenign;
    }

    public int Round { get; }

    /// <summary>The round's selected malicious clients, ascending.</summary>
    public IReadOnlyList<int> ExpectedMembers { get; }

    /// <summary>The benign clients whose updates the coalition sees this round, ascending.</summary>
    public IReadOnlyList<int> KnownBenign { get; }

    /// <summary>The plan once every expected reply is in (or the coalition gave up waiting).</summary>
    public BoostPlan? Plan { get; set; }

    /// <summary>The members' chosen submission when the round needs no evaluation (SNAL2, or nothing within the bound).</summary>
    public BoostChoice? Choice { get; set; }

    /// <summary>Eval-job id → request id of the plan.</summary>
    public Dictionary<long, int> Jobs { get; } = [];

    public BoostScore?[] Scores { get; set; } = [];

    /// <summary>The members that have trained, in ascending client id (the order of the plan's member deltas).</summary>
    public IReadOnlyList<MemberResult> Members => _members.Values.OrderBy(m => m.ClientId).ToList();

    /// <summary>The known benign updates that arrived (validated ones), ascending by client.</summary>
    public IReadOnlyList<(int ClientId, long Samples, float[] Update)> Benign =>
        _benign.Where(b => b.Value.Update is not null).OrderBy(b => b.Key).Select(b => (b.Key, b.Value.Samples, b.Value.Update!)).ToList();

    /// <summary>True when every expected member trained and every known benign client replied (or was rejected, or timed out).</summary>
    public bool Complete => ExpectedMembers.All(_members.ContainsKey) && KnownBenign.All(_benign.ContainsKey);

    public bool Planned => Plan is not null || Choice is not null;

    public void AddMember(MemberResult member) => _members[member.ClientId] = member;

    /// <summary>Records a benign reply when this round's knowledge includes the client.</summary>
    public void AddBenign(int clientId, long samples, float[]? update)
    {
        if (KnownBenign.Contains(clientId))
        {
            _benign[clientId] = (samples, update);
        }
    }

    /// <summary>The known benign clients chosen for <paramref name="round"/>: all of them, or <paramref name="count"/> drawn by seed.</summary>
    public static IReadOnlyList<int> ChooseKnown(IReadOnlyList<int> benignSelected, AttackKnowledge knowledge, int count, ulong runSeed, int round)
    {
        if (knowledge == AttackKnowledge.Perfect || count >= benignSelected.Count)
        {
            return benignSelected.Order().ToList();
        }

        var ids = benignSelected.Order().ToArray();
        new StableRandom(StableRandom.Derive(runSeed, round, KnownBenignStream)).Shuffle(ids.AsSpan());
        return ids.Take(count).Order().ToList();
    }

    /// <summary>Separates the limited-knowledge draw from the other streams of the same round.</summary>
    private const long KnownBenignStream = 0x4B4E_4F57; // "KNOW"
}

/// <summary>A member's local training in a coordinated round; <paramref name="Pending"/> says whose it was and where its submission goes.</summary>
/// <param name="Training">What it trained on (its D_m); <paramref name="Targeted"/> the poisoned part of it (its share of D_tar).</param>
internal sealed record MemberResult(
    PendingTraining Pending,
    long Samples,
    float[] Delta,
    string Dataset,
    SampleSelection Training,
    SampleSelection Targeted,
    SampleSelection Honest)
{
    public int ClientId => Pending.ClientId;
}
