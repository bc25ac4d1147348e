namespace FedActors.Simulation;

/// <summary>
/// When the malicious clients attack: in every round from <see cref="StartRound"/>, or, when <see cref="Rounds"/> is
/// not empty, only in the rounds it lists (a single-shot attack). Rounds count from 0, as in the journal.
/// </summary>
public sealed record AttackTiming(int StartRound, IReadOnlyList<int> Rounds)
{
    /// <summary>Every round from round 1 on (the defaults of <c>fedactors.attack</c>).</summary>
    public static AttackTiming Default { get; } = new(1, []);

    /// <summary>Whether the attack acts in <paramref name="round"/>.</summary>
    public bool Active(int round) => Rounds.Count > 0 ? Rounds.Contains(round) : round >= StartRound;

    public bool Equals(AttackTiming? other) =>
        other is not null && StartRound == other.StartRound && Rounds.SequenceEqual(other.Rounds);

    public override int GetHashCode() => HashCode.Combine(StartRound, Rounds.Count);
}
