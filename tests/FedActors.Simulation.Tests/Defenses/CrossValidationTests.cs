using FedActors.Hocon;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Defenses;

public sealed class CrossValidationTests
{
    [Theory]
    [InlineData(3, new[] { 1.0, 0.5, 0, 0 })]
    [InlineData(4, new[] { 1.0, 0.5, 0, 0, 0 })]                 // 0.5 − 4·0.5·1/4 = 0
    [InlineData(5, new[] { 1.0, 0.5, 0.5 - (2.0 / 9), 0, 0, 0 })] // 0.5 − 4·0.5·1/9; r = 3: 0.5 − 8/9 < 0
    [InlineData(6, new[] { 1.0, 0.5, 0.375, 0, 0, 0, 0 })]       // 0.5 − 2/16; r = 3: 0.5 − 8/16 = 0
    public void PenalizingCoefficient_MatchesEquation2(int e, double[] expected)
    {
        // Act
        var actual = Enumerable.Range(0, e + 1).Select(r => CrossValidation.PenalizingCoefficient(r, e, 0.5)).ToArray();

        // Assert
        Assert.Equal(expected.Length, actual.Length);
        for (var r = 0; r <= e; r++)
        {
            Assert.Equal(expected[r], actual[r], 12);
        }
    }

    [Fact]
    public void ReportsPerClass_IsTheLargestNumberOfEvaluatorsReportingOneClass()
    {
        // Three evaluators of two classes each: class 1 is reported twice, classes 0 and 3 once.
        bool[][] bits =
        [
            [true, true, false, false],
            [false, true, false, false],
            [false, false, false, true],
        ];

        Assert.Equal(2, CrossValidation.ReportsPerClass(bits));
        Assert.Equal(1, CrossValidation.ReportsPerClass([[true, false], [false, true]]));
        Assert.Equal(0, CrossValidation.ReportsPerClass([[false, false], [false, false]]));
        Assert.Equal(0, CrossValidation.ReportsPerClass([]));
    }

    [Fact]
    public void PenalizingCoefficient_IsZeroFromHalfTheEvaluatorsAndNeedsThree()
    {
        for (var e = 3; e <= 12; e++)
        {
            Assert.Equal(0.3, CrossValidation.PenalizingCoefficient(1, e, 0.3), 12);
            Assert.All(Enumerable.Range(0, e + 1).Where(r => r >= e / 2.0), r => Assert.Equal(0.0, CrossValidation.PenalizingCoefficient(r, e, 0.3)));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.PenalizingCoefficient(1, 2, 0.5));
    }

    [Fact]
    public void Split_IsASeededPartitionWithSizesWithinOne()
    {
        for (ulong seed = 0; seed < 200; seed++)
        {
            var count = 1 + (int)(seed % 53);
            var groups = 1 + (int)(seed % 11) % count;

            var split = CrossValidation.Split(count, groups, new StableRandom(seed));

            Assert.Equal(groups, split.Length);
            Assert.Equal(Enumerable.Range(0, count), split.SelectMany(g => g).Order());
            Assert.True(split.Max(g => g.Length) - split.Min(g => g.Length) <= 1);
            Assert.Equal(split, CrossValidation.Split(count, groups, new StableRandom(seed)));
        }

        Assert.NotEqual(CrossValidation.Split(50, 10, new StableRandom(1)), CrossValidation.Split(50, 10, new StableRandom(2)));
    }

    [Fact]
    public void SubModelDelta_IsTheWeightedMeanOfItsUpdates()
    {
        float[][] updates = [[1f, 0f], [0f, 1f], [3f, 3f]];

        Assert.Equal([2f, 1.5f], CrossValidation.SubModelDelta(updates, [1, 1, 1], [0, 2]));   // ([1, 0] + [3, 3]) / 2
        Assert.Equal([2.25f, 2.5f], CrossValidation.SubModelDelta(updates, [1, 1, 3], [1, 2])); // (1·[0, 1] + 3·[3, 3]) / 4
    }

    [Theory]
    [InlineData(50, 10, 3, 3)] // the paper's K = 50, d = 10, e = 3, m = 3
    [InlineData(20, 10, 3, 2)] // 30 evaluations on 20 clients with m = 2
    [InlineData(10, 5, 4, 3)]  // 20 evaluations on 10 clients with m = 3
    [InlineData(7, 7, 3, 4)]   // one update per sub-model
    public void DelegateIid_NeverSelfEvaluatesAndRespectsTheLoad_OverManySeeds(int k, int d, int e, int m)
    {
        var clients = Enumerable.Range(100, k).ToList();
        for (ulong seed = 0; seed < 200; seed++)
        {
            var groups = CrossValidation.Split(k, d, new StableRandom(seed));
            var contributors = groups.Select(g => (IReadOnlyCollection<int>)g.Select(i => clients[i]).ToHashSet()).ToList();

            var evaluators = CrossValidation.DelegateIid(contributors, clients, e, m, new StableRandom(seed));

            Assert.Equal(d, evaluators.Length);
            for (var i = 0; i < d; i++)
            {
                Assert.Equal(e, evaluators[i].Distinct().Count());
                Assert.All(evaluators[i], c => Assert.Contains(c, clients));
                Assert.All(evaluators[i], c => Assert.DoesNotContain(c, contributors[i]));
            }

            Assert.True(evaluators.SelectMany(x => x).GroupBy(c => c).Max(g => g.Count()) <= m);
            Assert.Equal(evaluators, CrossValidation.DelegateIid(contributors, clients, e, m, new StableRandom(seed)));
        }
    }

    [Fact]
    public void DelegateIid_Infeasible_SaysWhichSubModelAndWhy()
    {
        // Two sub-models of two updates among four clients: only two clients are outside each, but e = 3.
        IReadOnlyCollection<int>[] contributors = [new HashSet<int> { 0, 1 }, new HashSet<int> { 2, 3 }];

        var error = Assert.Throws<ArgumentException>(() => CrossValidation.DelegateIid(contributors, [0, 1, 2, 3], 3, 3, new StableRandom(1)));

        Assert.Equal(
            "cannot delegate sub-model 0 of 2: it needs e = 3 evaluators among the round's 4 clients outside its 2 contributors with fewer " +
            "than m = 3 sub-models each, but only 2 remain; lower sub-models or evaluators, or raise max-load",
            error.Message);
    }

    [Fact]
    public void DelegateNonIid_GivesEachClassEHoldersReusingMultiClassEvaluators_OverManySeeds()
    {
        // 20 clients with two classes each (shards), 4 classes; holders of class j: the clients c with j ∈ {c mod 4, (c + 1) mod 4}.
        var clients = Enumerable.Range(0, 20).ToList();
        var holds = clients.ToDictionary(c => c, c => Enumerable.Range(0, 4).Select(j => j == c % 4 || j == (c + 1) % 4).ToArray());
        var d = CrossValidation.NonIidSubModels(holds.Values, 20);
        Assert.Equal(10, d); // every class has 10 holders

        for (ulong seed = 0; seed < 200; seed++)
        {
            var groups = CrossValidation.Split(20, 5, new StableRandom(seed));
            var contributors = groups.Select(g => (IReadOnlyCollection<int>)g.ToHashSet()).ToList();

            var evaluators = CrossValidation.DelegateNonIid(contributors, clients, holds, 3, 3, new StableRandom(seed), out var shortfall);

            Assert.Equal(0, shortfall);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(evaluators[i].Length, evaluators[i].Distinct().Count());
                Assert.All(evaluators[i], c => Assert.DoesNotContain(c, contributors[i]));
                for (var j = 0; j < 4; j++)
                {
                    Assert.True(evaluators[i].Count(c => holds[c][j]) >= 3);
                }

                Assert.True(evaluators[i].Length < 12); // two-class evaluators count for both their classes
            }

            Assert.True(evaluators.SelectMany(x => x).GroupBy(c => c).Max(g => g.Count()) <= 3);
            Assert.Equal(evaluators, CrossValidation.DelegateNonIid(contributors, clients, holds, 3, 3, new StableRandom(seed), out _));
        }
    }

    [Fact]
    public void DelegateNonIid_TooFewHolders_CountsTheShortfall()
    {
        var holds = new Dictionary<int, bool[]> { [0] = [true, false], [1] = [true, true], [2] = [true, true], [3] = [true, false] };
        IReadOnlyCollection<int>[] contributors = [new HashSet<int> { 0 }];

        var evaluators = CrossValidation.DelegateNonIid(contributors, [0, 1, 2, 3], holds, 3, 3, new StableRandom(4), out var shortfall);

        Assert.Equal([1, 2, 3], evaluators[0].Order());
        Assert.Equal(1, shortfall); // class 1 has only the holders 1 and 2
        Assert.Equal(2, CrossValidation.NonIidSubModels(holds.Values, 10));
    }

    [Fact]
    public void ClassBitsAndReportBits_FollowTheSampleThresholdAndTheClassDrop()
    {
        // Rows are the true class. Class 0: 10 samples, global 9 right, sub-model 7 (drop 0.2). Class 1: 10 samples, 8 and 8.
        // Class 2: 2 samples only, global 2 right, sub-model 0 (drop 1, but too few samples to judge).
        var global = new ConfusionMatrix(3, [9, 1, 0, 2, 8, 0, 0, 0, 2]);
        var sub = new ConfusionMatrix(3, [7, 3, 0, 2, 8, 0, 2, 0, 0]);

        Assert.Equal([true, true, false], CrossValidation.ClassBits(global, 5));
        Assert.Equal([true, false, false], CrossValidation.ReportBits(global, sub, 5, 0.10));
        Assert.Equal([false, false, false], CrossValidation.ReportBits(global, sub, 5, 0.25));
        Assert.Equal([true, false, true], CrossValidation.ReportBits(global, sub, 1, 0.10));
    }

    [Fact]
    public void Aggregate_FollowsEquation3_WithAndWithoutNormalizing()
    {
        float[] w = [1f, 1f];
        float[][] deltas = [[2f, 0f], [0f, 4f], [6f, 6f]];
        double[] c = [1.0, 0.5, 0.0];

        Assert.All(CrossValidation.Aggregate(w, deltas, c, normalize: false), x => Assert.Equal(1 + (2.0 / 3), x, 6)); // w + (2, 2)/3
        Assert.All(CrossValidation.Aggregate(w, deltas, c, normalize: true), x => Assert.Equal(1 + (2.0 / 1.5), x, 6)); // w + (2, 2)/1.5
        Assert.Equal(w, CrossValidation.Aggregate(w, deltas, [0, 0, 0], normalize: true));
    }

    [Fact]
    public void Settings_DefaultsParseAndConstraintsNameTheKey()
    {
        var settings = DefenseSettings.FromConfig(ConfigurationFactory.ParseString("fedactors.defense.pipeline = [{ type = cross-validation }]").Resolve());
        Assert.Equal(
            new CrossValidationStageSettings(10, 3, 3, 0.5, 0.10, false, CrossValidationDelegation.Iid, 10, TimeSpan.FromSeconds(30), settings.Pipeline[0].Position),
            settings.Pipeline[0]);
        Assert.True(settings.Pipeline[0].IsAggregator);

        var custom = DefenseSettings.FromConfig(ConfigurationFactory.ParseString(
            "fedactors.defense.pipeline = [{ type = cross-validation, sub-models = 5, evaluators = 4, max-load = 2, v = 0.4, class-drop = 0.2, " +
            "normalize = on, delegation = non-iid, min-class-samples = 3, evaluation-timeout = 2s, dp = off }]").Resolve());
        Assert.Equal(
            new CrossValidationStageSettings(5, 4, 2, 0.4, 0.2, true, CrossValidationDelegation.NonIid, 3, TimeSpan.FromSeconds(2), custom.Pipeline[0].Position),
            custom.Pipeline[0]);

        AssertFails("[{ type = cross-validation, evaluators = 2 }]", "2 }",
            "fedactors.defense.pipeline[0].evaluators must be ≥ 3 (e, the evaluators per sub-model; Eq. 2 divides by (e − 2)²), but is 2");
        AssertFails("[{ type = cross-validation, dp = on }]", "{ type",
            "fedactors.defense.pipeline[0].clip-bound is not set: cross-validation with dp = on needs the L2 bound S (> 0) updates are clipped to");
        AssertFails("[{ type = cross-validation, dp = on, clip-bound = 15, sigma = -1 }]", "-1",
            "fedactors.defense.pipeline[0].sigma must be finite and ≥ 0, but is -1");
        AssertFails("[{ type = cross-validation, sigma = 0.1 }]", "0.1",
            "fedactors.defense.pipeline[0].sigma is a setting of dp = on, but dp is off");
        AssertFails("[{ type = cross-validation, delegation = shards }]", "shards",
            "fedactors.defense.pipeline[0].delegation = 'shards' is unknown; use one of iid, non-iid");
    }

    [Fact]
    public void CheckRoundSize_IidDelegationMustFitTheRound()
    {
        var settings = DefenseSettings.FromConfig(ConfigurationFactory.ParseString(
            "fedactors.defense.pipeline = [{ type = cross-validation, sub-models = 10, evaluators = 3, max-load = 1 }]").Resolve());
        settings.CheckRoundSize(50);

        var error = Assert.Throws<HoconException>(() => settings.CheckRoundSize(20));
        Assert.Equal(
            "fedactors.defense.pipeline[0] (cross-validation) needs d·e = 10·3 evaluations per round, but K·m = 20·1 is fewer " +
            "(K = fedactors.run.clients-per-round); lower sub-models or evaluators, or raise max-load",
            error.Reason);
        var loose = DefenseSettings.FromConfig(ConfigurationFactory.ParseString("fedactors.defense.pipeline = [{ type = cross-validation }]").Resolve());
        var few = Assert.Throws<HoconException>(() => loose.CheckRoundSize(3));
        Assert.Contains("needs e = 3 evaluators outside each sub-model of up to 1 updates, but fedactors.run.clients-per-round = 3", few.Reason);
    }

    private static void AssertFails(string pipeline, string marker, string reason)
    {
        var text = $"fedactors.defense.pipeline = {pipeline}";
        var error = Assert.Throws<HoconException>(() => DefenseSettings.FromConfig(ConfigurationFactory.ParseString(text).Resolve()));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(SettingsConfigs.PositionOf(text, marker).Column, error.Position.Column);
    }
}
