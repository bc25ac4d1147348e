namespace FedActors.Cli.Bench.Journal;

/// <summary>
/// A journaled round event of realistic size (about 200 bytes of JSON): what <c>bench journal</c> writes and replays,
/// standing in for the simulation's own events so the benchmark does not depend on them.
/// </summary>
internal sealed record JournalBenchEvent(int Round, string Kind, string ClientId, int Samples, double Loss, double Norm, string Sha256)
{
    /// <summary>Event <paramref name="index"/> of round <paramref name="round"/>: 0 starts it, 1-10 are updates, 11-13 close it.</summary>
    public static JournalBenchEvent Of(int round, int index)
    {
        var kind = index switch { 0 => "round-started", <= 10 => "update-received", 11 => "verdicts", 12 => "aggregated", _ => "round-ended" };
        var sha = Convert.ToHexStringLower(BitConverter.GetBytes(((long)round << 8) | (uint)index)).PadRight(64, 'a');
        return new JournalBenchEvent(round, kind, $"client-{index:000}", 600 + index, 0.5 / (round + 1), 1.25 + index, sha);
    }
}
