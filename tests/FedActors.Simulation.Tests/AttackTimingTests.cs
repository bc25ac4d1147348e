namespace FedActors.Simulation.Tests;

public sealed class AttackTimingTests
{
    [Fact]
    public void Active_NoListedRounds_EveryRoundFromStartRound()
    {
        var timing = new AttackTiming(StartRound: 3, Rounds: []);

        Assert.Equal([3, 4, 5], Enumerable.Range(0, 6).Where(timing.Active));
    }

    [Fact]
    public void Active_ListedRounds_OnlyThoseRounds()
    {
        var timing = new AttackTiming(StartRound: 3, Rounds: [1, 4]);

        Assert.Equal([1, 4], Enumerable.Range(0, 6).Where(timing.Active));
    }

    [Fact]
    public void Equals_ComparesTheListedRoundsByValue() =>
        Assert.Equal(new AttackTiming(1, [2, 5]), new AttackTiming(1, new List<int> { 2, 5 }));
}
