namespace FedActors.Data.Tests.Poisoning;

public sealed class DistributedPoisoningTests
{
    private static readonly ImageDataset Data = SyntheticData.Images(); // 20 samples per class
    private static readonly int[] Pool = Enumerable.Range(0, 200).ToArray();

    // Attacker 0 holds 3 samples of class 1 (1, 11, 21); attacker 1 holds one (31); attacker 2 none.
    private static readonly IReadOnlyList<int>[] Shards =
    [
        [0, 1, 2, 11, 21],
        [30, 31, 32],
        [40, 42, 44],
    ];

    [Theory]
    [InlineData(12, 3, new[] { 4, 4, 4 })]
    [InlineData(14, 3, new[] { 5, 5, 4 })]
    [InlineData(2, 3, new[] { 1, 1, 0 })]
    public void ShareOf_SplitsTheBudgetEvenly_RemainderToTheFirst(int budget, int attackers, int[] expected)
    {
        var attack = new DistributedPoisoning(1, 7, budget, attackers);

        Assert.Equal(expected, Enumerable.Range(0, attackers).Select(attack.ShareOf));
        Assert.Equal(budget, expected.Sum());
    }

    [Fact]
    public void Apply_EachAttackerPoisonsItsShare_OwnSamplesFirst()
    {
        var attack = new DistributedPoisoning(1, 7, 12, 3);

        var selections = attack.Apply(Shards, Pool, Data.Labels, seed: 5);

        Assert.Equal(3, selections.Count);
        for (var a = 0; a < 3; a++)
        {
            var s = selections[a];
            var shard = Shards[a];
            Assert.Equal(shard, s.Indices.Take(shard.Count));
            var poisoned = Enumerable.Range(0, s.Count).Where(i => s.Labels![i] != Data.Labels[s.Indices[i]]).ToList();
            Assert.Equal(4, poisoned.Count);
            Assert.All(poisoned, i => Assert.Equal(1, Data.Labels[s.Indices[i]]));
            Assert.All(poisoned, i => Assert.Equal(7, s.Labels![i]));

            // Every own source sample is used before any pool sample.
            var ownSource = shard.Count(i => Data.Labels[i] == 1);
            Assert.Equal(shard.Count + 4 - Math.Min(4, ownSource), s.Count);

            // The shard's other labels are untouched.
            Assert.All(Enumerable.Range(0, shard.Count).Where(i => Data.Labels[shard[i]] != 1), i => Assert.Equal(Data.Labels[shard[i]], s.Labels![i]));
        }
    }

    [Fact]
    public void Apply_NoPoolSampleIsTakenByTwoAttackers_NorFromAnotherShard()
    {
        var attack = new DistributedPoisoning(1, 7, 18, 3);

        var selections = attack.Apply(Shards, Pool, Data.Labels, seed: 5);

        var drawn = selections.SelectMany((s, a) => s.Indices.Skip(Shards[a].Count)).ToList();
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
        Assert.DoesNotContain(drawn, i => Shards.Any(shard => shard.Contains(i)));
    }

    [Fact]
    public void Apply_IsDeterministicInTheSeed()
    {
        var attack = new DistributedPoisoning(1, 7, 12, 3);

        var a = attack.Apply(Shards, Pool, Data.Labels, seed: 5);
        var b = attack.Apply(Shards, Pool, Data.Labels, seed: 5);
        var c = attack.Apply(Shards, Pool, Data.Labels, seed: 6);

        Assert.Equal(a.Select(s => s.Indices.ToArray()), b.Select(s => s.Indices.ToArray()));
        Assert.NotEqual(a.Select(s => s.Indices.ToArray()), c.Select(s => s.Indices.ToArray()));
    }

    [Fact]
    public void Apply_PoolTooSmall_ThrowsNamingTheNumbers()
    {
        var attack = new DistributedPoisoning(1, 7, 30, 3);

        var e = Assert.Throws<ArgumentException>(() => attack.Apply(Shards, Pool, Data.Labels, seed: 5));
        Assert.Contains("budget (30)", e.Message);
    }
}
