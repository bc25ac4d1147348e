namespace FedActors.Simulation.Tests.ModelPoisoning;

public sealed class BoostSearchTests
{
    /// <summary>A loss oracle: targeted loss from the predicted update, member losses 0, counting its calls.</summary>
    private sealed class Oracle(Func<float[], double> targetLoss)
    {
        public int Calls { get; private set; }

        public Dictionary<BoostEvaluationSet, int> CallsPerSet { get; } = [];

        public Func<BoostEvaluationRequest, double> ValidationAccuracy { get; init; } = _ => 1.0;

        public BoostScore Evaluate(BoostEvaluationRequest request, float[] delta)
        {
            Calls++;
            CallsPerSet[request.Set] = CallsPerSet.GetValueOrDefault(request.Set) + 1;
            return request.Set switch
            {
                BoostEvaluationSet.Target => new BoostScore(targetLoss(delta), 0),
                BoostEvaluationSet.Member => new BoostScore(0, 0),
                _ => new BoostScore(0, ValidationAccuracy(request)),
            };
        }
    }

    [Fact]
    public void Search_UnconstrainedBestViolatesBound_ChoosesLargestLambdaWithinC()
    {
        // Arrange: δ = [1, 0], benign [1, 1]: ‖λδ − δ_n‖ = √((λ−1)² + 1) = 1, √2, √5, √17 for λ = 1, 2, 3, 5.
        // ŵ − w = ([λ + 1]/2, 1/2); the targeted loss 10 − ŵ₀ falls with λ, so unconstrained λ = 5 wins.
        var problem = new BoostProblem([[1f, 0f]], [1], [[1f, 1f]], [1]) { Lambdas = [1, 2, 3, 5], L2Bound = 1.5 };
        var oracle = new Oracle(d => 10 - d[0]);

        // Act
        var bounded = BoostSearch.Search(problem, oracle.Evaluate);
        var unbounded = BoostSearch.Search(problem with { L2Bound = double.PositiveInfinity }, new Oracle(d => 10 - d[0]).Evaluate);

        // Assert
        Assert.True(bounded.Feasible);
        Assert.Equal([2.0], bounded.Lambdas);
        Assert.Equal(Math.Sqrt(2), bounded.Candidate.MaxDistance, 9);
        Assert.Equal(10 - 1.5, bounded.TargetLoss, 6);
        Assert.Equal(10 - 1.5, bounded.Objective, 6);
        Assert.Equal([5.0], unbounded.Lambdas);
        Assert.True(unbounded.Candidate.MaxDistance > 1.5);
    }

    [Fact]
    public void Search_CosinePenalty_ChangesTheChoice()
    {
        // Arrange: members [1, 0] and [0, 1], benign [1, 1]; for member 1, δ̄_{−1} = mean(λ[0, 1], [1, 1]) so
        // cos = 1/√(1 + (λ+1)²) falls with λ, while the targeted loss 10 − (λ+1)/3 falls too.
        // p = 100: λ = 1 costs 2(10 − 2/3) + 200(1 − 1/√5) ≈ 129.2, λ = 10 about 194.6.
        var problem = new BoostProblem([[1f, 0f], [0f, 1f]], [1, 1], [[1f, 1f]], [1]);
        var free = BoostSearch.Search(problem, new Oracle(d => 10 - d[0]).Evaluate);

        // Act
        var penalized = BoostSearch.Search(problem with { CosinePenalty = 100 }, new Oracle(d => 10 - d[0]).Evaluate);

        // Assert
        Assert.Equal([10.0, 10.0], free.Lambdas);
        Assert.Equal([1.0, 1.0], penalized.Lambdas);
        Assert.Equal(1 / Math.Sqrt(5), penalized.Candidate.Cosines[0], 9);
        Assert.Equal((2 * (10 - 2.0 / 3)) + (200 * (1 - (1 / Math.Sqrt(5)))), penalized.Objective, 5);
    }

    [Fact]
    public void Plan_GeometryAgreesWithTheStealthMetric()
    {
        // Arrange
        float[][] members = [[1f, 2f, -1f], [0.5f, 0f, 3f]];
        float[][] benign = [[1f, 1f, 1f], [-2f, 0.5f, 0f]];
        var plan = BoostSearch.Plan(new BoostProblem(members, [3, 1], benign, [2, 2]) { Lambdas = [1, 3], PerMember = true });

        foreach (var candidate in plan.Candidates)
        {
            // Act
            var updates = new Dictionary<int, float[]>
            {
                [0] = ModelReplacement.Scale(members[0], candidate.Lambdas[0]),
                [1] = ModelReplacement.Scale(members[1], candidate.Lambdas[1]),
                [2] = benign[0],
                [3] = benign[1],
            };
            var scores = Stealth.Scores(updates, new HashSet<int> { 0, 1 });

            // Assert
            Assert.Equal(scores[0].CosineToOthers, candidate.Cosines[0], 6);
            Assert.Equal(scores[1].CosineToOthers, candidate.Cosines[1], 6);
            Assert.Equal(scores.Max(s => s.MaxDistanceToBenign), candidate.MaxDistance, 5);
        }
    }

    [Fact]
    public void Search_PerMemberForTwoMembers_SearchesLambdaSquared()
    {
        // Arrange: ŵ − w = (λ₁/2, λ₂/2); the targeted loss (ŵ₀ − 1.5)² + (ŵ₁ − 0.5)² is 0 only at (3, 1).
        // A shared λ can at best reach 0.5 (λ = 2).
        var problem = new BoostProblem([[1f, 0f], [0f, 1f]], [1, 1], [], []) { Lambdas = [1, 2, 3] };
        static double Loss(float[] d) => Math.Pow(d[0] - 1.5, 2) + Math.Pow(d[1] - 0.5, 2);
        var sharedOracle = new Oracle(Loss);
        var perMemberOracle = new Oracle(Loss);

        // Act
        var shared = BoostSearch.Search(problem, sharedOracle.Evaluate);
        var perMember = BoostSearch.Search(problem with { PerMember = true }, perMemberOracle.Evaluate);

        // Assert
        Assert.Equal([2.0, 2.0], shared.Lambdas);
        Assert.Equal([3.0, 1.0], perMember.Lambdas);
        Assert.Equal(0.0, perMember.TargetLoss, 9);
        Assert.Equal(9, BoostSearch.Plan(problem with { PerMember = true }).Candidates.Count);
        Assert.Equal(3 + (2 * 3), sharedOracle.Calls);
        Assert.Equal(9 + (2 * 3), perMemberOracle.Calls);
    }

    [Fact]
    public void Search_NoLambdaWithinBound_IsInfeasibleWithTheLeastViolationAndNoEvaluation()
    {
        // Arrange: δ = [1, 0], benign [6, 1]: distances √((λ−6)² + 1) ≥ 1 > C; the least is √2 at λ = 5.
        var problem = new BoostProblem([[1f, 0f]], [1], [[6f, 1f]], [1]) { L2Bound = 0.5 };
        var oracle = new Oracle(_ => 0);

        // Act
        var plan = BoostSearch.Plan(problem);
        var choice = BoostSearch.Search(problem, oracle.Evaluate);

        // Assert
        Assert.False(plan.AnyWithinBound);
        Assert.Empty(plan.Requests);
        Assert.Equal(0, oracle.Calls);
        Assert.False(choice.Feasible);
        Assert.Equal(BoostInfeasibility.L2Bound, choice.Infeasibility);
        Assert.Equal([5.0], choice.Lambdas);
        Assert.True(double.IsNaN(choice.Objective));
    }

    [Fact]
    public void Search_SharedLambdaTwoMembers_EvaluatesEachModelOnce()
    {
        // Arrange: default Λ (6 values), M = 2, no bound: 6 predicted models and 2 × 6 member models.
        var problem = new BoostProblem([[1f, 0f], [0f, 1f]], [1, 1], [[1f, 1f]], [1]);
        var oracle = new Oracle(d => -d[0]);
        var checkedOracle = new Oracle(d => -d[0]);

        // Act
        BoostSearch.Search(problem, oracle.Evaluate);
        BoostSearch.Search(problem with { AccuracyCheckTolerance = 0.1 }, checkedOracle.Evaluate);

        // Assert: the accuracy check adds each boosted member model and each aggregate of the others (2 × 6 each).
        Assert.Equal(18, oracle.Calls);
        Assert.Equal(6, oracle.CallsPerSet[BoostEvaluationSet.Target]);
        Assert.Equal(12, oracle.CallsPerSet[BoostEvaluationSet.Member]);
        Assert.Equal(42, checkedOracle.Calls);
        Assert.Equal(24, checkedOracle.CallsPerSet[BoostEvaluationSet.Validation]);
    }

    [Fact]
    public void Search_AccuracyCheck_ExcludesCandidatesTheServerWouldFlag()
    {
        // Arrange: the boosted member model w + λδ scores 1 − 0.1λ, the others' aggregate 0.9; γ = 0.15 lets
        // λ ≤ 2.5 pass, while the targeted loss prefers the largest λ.
        var problem = new BoostProblem([[1f, 0f]], [1], [[0f, 1f]], [1]) { AccuracyCheckTolerance = 0.15 };
        static double Accuracy(BoostEvaluationRequest r) => r.BenignCoefficients.All(c => c == 0) ? 1 - (0.1 * r.MemberCoefficients[0]) : 0.9;

        // Act
        var choice = BoostSearch.Search(problem, new Oracle(d => -d[0]) { ValidationAccuracy = Accuracy }.Evaluate);
        var strict = BoostSearch.Search(problem with { AccuracyCheckTolerance = 0.0 }, new Oracle(d => -d[0]) { ValidationAccuracy = Accuracy }.Evaluate);

        // Assert: with γ = 0 even λ = 1 (0.9 − 0.9 = 0) passes; with γ = 0.15 λ = 2 is the largest that does.
        Assert.True(choice.Feasible);
        Assert.Equal([2.0], choice.Lambdas);
        Assert.Equal([1.0], strict.Lambdas);
    }

    [Fact]
    public void Choose_CallerTestRejectsEverything_IsInfeasibleWithTheBestByObjective()
    {
        var problem = new BoostProblem([[1f, 0f]], [1], [[0f, 1f]], [1]);

        var choice = BoostSearch.Search(problem, new Oracle(d => -d[0]).Evaluate, accept: _ => false);

        Assert.Equal(BoostInfeasibility.AccuracyCheck, choice.Infeasibility);
        Assert.Equal([10.0], choice.Lambdas);
    }

    [Fact]
    public void Plan_TargetRequest_IsTheSampleWeightedPredictionTimesEta()
    {
        // Arrange: member (3 samples) [1, 0], benign (1 sample) [0, 2]; λ = 2, η = 0.5:
        // ŵ − w = 0.5 · (3 · 2 · [1, 0] + 1 · [0, 2]) / 4 = [0.75, 0.25].
        var plan = BoostSearch.Plan(new BoostProblem([[1f, 0f]], [3], [[0f, 2f]], [1]) { Lambdas = [2], ServerLearningRate = 0.5 });

        // Act
        var target = Assert.Single(plan.Requests, r => r.Set == BoostEvaluationSet.Target);
        var member = Assert.Single(plan.Requests, r => r.Set == BoostEvaluationSet.Member);

        // Assert
        Assert.Equal([0.75f, 0.25f], plan.BuildDelta(target));
        Assert.Equal([2f, 0f], plan.BuildDelta(member));
        Assert.Equal(0, member.Member);
    }

    [Fact]
    public void Snal2_ChoosesTheLargestLambdaWithinTheBound()
    {
        // Arrange: δ = [1, 0], benign [1, 1]: distances 1, √2, √5, ... for λ = 1, 2, 3.
        float[] delta = [1f, 0f];
        float[][] benign = [[1f, 1f]];

        // Act
        var within = BoostSearch.Snal2(delta, benign, 1.5);
        var none = BoostSearch.Snal2(delta, benign, 0.5);
        var continuous = BoostSearch.LargestBoundedLambda(delta, benign, 1.5);

        // Assert: continuous: (λ − 1)² + 1 ≤ 2.25 ⇔ λ ≤ 1 + √1.25.
        Assert.Equal([2.0], within.Lambdas);
        Assert.True(within.Feasible);
        Assert.Equal([1.0], none.Lambdas);
        Assert.False(none.Feasible);
        Assert.Equal(1 + Math.Sqrt(1.25), continuous!.Value, 9);
        Assert.Null(BoostSearch.LargestBoundedLambda(delta, benign, 0.5));
        Assert.Equal(double.PositiveInfinity, BoostSearch.LargestBoundedLambda(delta, [], 0.5));
    }

    [Fact]
    public void SanodcProblem_LiftsTheBound_AndChoosesTheMostEffectiveLambda()
    {
        // Arrange
        var problem = new BoostProblem([[1f, 0f]], [1], [[1f, 1f]], [1]) { Lambdas = [1, 2, 3, 5], L2Bound = 1.5 };

        // Act
        var choice = BoostSearch.Search(BoostSearch.SanodcProblem(problem), new Oracle(d => 10 - d[0]).Evaluate);

        // Assert
        Assert.Equal([5.0], choice.Lambdas);
        Assert.True(choice.Feasible);
        Assert.Throws<ArgumentOutOfRangeException>(() => BoostSearch.SanodcProblem(new BoostProblem([[1f], [2f]], [1, 1], [], [])));
    }

    [Fact]
    public void Validate_PerMemberWithFourMembersOrBadLambda_Throws()
    {
        float[][] four = [[1f], [1f], [1f], [1f]];

        Assert.Throws<ArgumentOutOfRangeException>(() => BoostSearch.Plan(new BoostProblem(four, [1, 1, 1, 1], [], []) { PerMember = true }));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoostSearch.Plan(new BoostProblem([[1f]], [1], [], []) { Lambdas = [0] }));
        Assert.Throws<ArgumentException>(() => BoostSearch.Plan(new BoostProblem([[1f]], [1], [[1f, 2f]], [1])));
    }

    [Fact]
    public void Choose_WrongNumberOfScores_Throws()
    {
        var plan = BoostSearch.Plan(new BoostProblem([[1f]], [1], [], []));

        Assert.Throws<ArgumentException>(() => plan.Choose([]));
    }
}
