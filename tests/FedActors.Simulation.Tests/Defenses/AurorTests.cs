namespace FedActors.Simulation.Tests.Defenses;

public sealed class AurorTests
{
    [Fact]
    public void TwoMeans_PointNearTheMiddle_MovesToTheHighClusterOnTheSecondPass()
    {
        // Centres 0 and 10: 4.8 is nearer 0 (4.8 < 5.2), 5.2 nearer 10 → low {0, 4.8} = 2.4, high {5.2, 5.2, 10} = 6.8.
        // Now 4.8 is nearer 6.8 (2.0 < 2.4): low {0} = 0, high {4.8, 5.2, 5.2, 10} = 6.3; nothing moves after that.
        var (low, high, inHigh) = Auror.TwoMeans([0, 4.8, 5.2, 5.2, 10]);

        Assert.Equal(0, low);
        Assert.Equal(6.3, high, 12);
        Assert.Equal([false, true, true, true, true], inHigh);
    }

    [Fact]
    public void TwoMeans_ValueHalfway_JoinsTheLowCluster()
    {
        // Centres 0 and 10: 5 is 5 from both → low {0, 5} = 2.5, high {10}; then 5 is nearer 2.5.
        var (low, high, inHigh) = Auror.TwoMeans([0, 5, 10]);

        Assert.Equal(2.5, low);
        Assert.Equal(10, high);
        Assert.Equal([false, false, true], inHigh);
    }

    [Fact]
    public void TwoMeans_AllEqual_IsOneLowClusterAtThatValue()
    {
        var (low, high, inHigh) = Auror.TwoMeans([3, 3, 3]);

        Assert.Equal((3.0, 3.0), (low, high));
        Assert.Equal([false, false, false], inHigh);
    }

    [Fact]
    public void Marks_TheSmallerCluster_HighOrLow()
    {
        // [0, 0.1, 0.2, 10]: centres 0.1 and 10, 9.9 apart; the high cluster {10} is smaller.
        Assert.Equal([false, false, false, true], Auror.Marks([0, 0.1, 0.2, 10], alpha: 1)!);
        Assert.Equal([true, false, false, false], Auror.Marks([-10, 0, 0.1, 0.2], alpha: 1)!);
    }

    [Fact]
    public void Marks_CentresNoFartherThanAlpha_IsNotIndicative()
    {
        Assert.Null(Auror.Marks([0, 0.1, 0.2, 10], alpha: 20));
        Assert.Null(Auror.Marks([0, 0, 0, 2], alpha: 2));
    }

    [Fact]
    public void Marks_ClustersOfEqualSize_IndicativeButMarksNobody()
    {
        Assert.Equal([false, false, false, false], Auror.Marks([0, 0, 10, 10], alpha: 1)!);
    }

    [Fact]
    public void Judge_AbsoluteAlpha_CountsIndicativeFeaturesAndMarkShares()
    {
        // Columns: [0, 0.1, 0.2, 10] marks 3; [1, 1, 1, 1] is not indicative; [0, 0, 0, 3] marks 3; [5, 0, 0, 0] marks 0.
        double[][] features = [[0, 1, 0, 5], [0.1, 1, 0, 0], [0.2, 1, 0, 0], [10, 1, 3, 0]];

        var (indicative, shares) = Auror.Judge(features, alpha: 1, alphaFactor: 0.02);

        Assert.Equal(3, indicative);
        Assert.Equal([1.0 / 3, 0, 0, 2.0 / 3], shares);
        Assert.Equal([false, false, false, true], shares.Select(s => Auror.Flagged(s, 0.5)));
    }

    [Fact]
    public void Judge_RelativeAlpha_ScalesWithEachFeaturesRange()
    {
        // Column 0 [0, 1, 2, 3]: centres 0.5 and 2.5, 2 apart = 2/3 of the range; clusters of 2 and 2 mark nobody.
        // Column 1 [0, 0, 0, 9]: centres 9 apart = the whole range; marks client 3.
        double[][] features = [[0, 0], [1, 0], [2, 0], [3, 9]];

        var loose = Auror.Judge(features, alpha: null, alphaFactor: 0.5);
        var strict = Auror.Judge(features, alpha: null, alphaFactor: 0.7);

        Assert.Equal(2, loose.Indicative);
        Assert.Equal([0, 0, 0, 0.5], loose.MarkShares);
        Assert.False(Auror.Flagged(loose.MarkShares[3], 0.5));
        Assert.Equal(1, strict.Indicative);
        Assert.Equal([0, 0, 0, 1.0], strict.MarkShares);
        Assert.True(Auror.Flagged(strict.MarkShares[3], 0.5));
    }

    [Fact]
    public void Judge_NoIndicativeFeature_SharesAreZero()
    {
        var (indicative, shares) = Auror.Judge([[1.0], [1.0], [1.0]], alpha: null, alphaFactor: 0.02);

        Assert.Equal(0, indicative);
        Assert.Equal([0.0, 0, 0], shares);
    }

    [Fact]
    public void Flagged_IsStrictlyMoreThanTau()
    {
        Assert.False(Auror.Flagged(0.5, 0.5));
        Assert.True(Auror.Flagged(0.51, 0.5));
        Assert.False(Auror.Flagged(1, 1));
        Assert.True(Auror.Flagged(0.01, 0));
    }

    [Fact]
    public void State_RoundTripsAndRefusesDamage()
    {
        var state = new AurorState();
        state.Excluded.Add(7);
        state.Excluded.Add(2);
        state.Add(4, 0, [1.5, -2], window: 2);
        state.Add(4, 1, [0.5, 2], window: 2);
        state.Add(1, 1, [0.25, 3], window: 2);

        var bytes = state.Encode();
        var decoded = AurorState.Decode(bytes);

        Assert.Equal([2, 7], decoded.Excluded);
        Assert.Equal([1, 4], decoded.Clients.Keys);
        Assert.Equal(state.Clients[4].Select(c => (c.Round, c.Count, c.Sum)), decoded.Clients[4].Select(c => (c.Round, c.Count, c.Sum)));
        Assert.Equal([1.0, 0], decoded.Mean(4));
        Assert.Equal(bytes, decoded.Encode());
        Assert.Empty(AurorState.Decode(null).Clients);
        Assert.Throws<ArgumentException>(() => AurorState.Decode(bytes[..^4]));
        Assert.Throws<ArgumentException>(() => AurorState.Decode([.. bytes, 0]));
        Assert.Throws<ArgumentException>(() => AurorState.Decode([0xff, 0xff, 0xff, 0x7f]));
    }

    [Fact]
    public void State_WindowZeroKeepsOneRunningSum_AWindowForgetsOldRounds()
    {
        var all = new AurorState();
        var window = new AurorState();
        for (var round = 0; round < 3; round++)
        {
            all.Add(1, round, [round], window: 0);
            window.Add(1, round, [round], window: 2);
            window.Prune(round, window: 2);
        }

        Assert.Equal([(2, 3, 3.0)], all.Clients[1].Select(c => (c.Round, c.Count, c.Sum[0])));
        Assert.Equal([1.0], all.Mean(1));
        Assert.Equal([1, 2], window.Clients[1].Select(c => c.Round));
        Assert.Equal([1.5], window.Mean(1));
        window.Prune(4, window: 2);
        Assert.Empty(window.Clients);
    }
}
