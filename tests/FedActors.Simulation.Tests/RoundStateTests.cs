namespace FedActors.Simulation.Tests;

public sealed class RoundStateTests
{
    private static readonly IReadOnlyDictionary<string, double> NoDiagnostics = new Dictionary<string, double>();

    private static RoundState Started(int round = 0, params int[] clients) =>
        RoundState.Initial.Apply(new RoundStarted(round, 42, clients.Length == 0 ? [1, 4, 7] : clients, "h0"));

    [Fact]
    public void Apply_RoundStarted_OwesEverySelectedClient()
    {
        // Arrange
        var state = RoundState.Initial;

        // Act
        var next = state.Apply(new RoundStarted(0, 42, [1, 4, 7], "h0"));

        // Assert
        Assert.Equal(0, next.Round);
        Assert.Equal(RoundPhase.Collecting, next.Phase);
        Assert.Equal(42UL, next.Seed);
        Assert.Equal([1, 4, 7], next.SelectedClients.ToArray());
        Assert.Equal([1, 4, 7], next.Owed);
        Assert.Equal("h0", next.ModelHash);
        Assert.False(next.AllRepliesIn);
    }

    [Fact]
    public void Apply_AnyEvent_LeavesTheOriginalUnchanged()
    {
        // Arrange
        var state = Started();

        // Act
        var next = state.Apply(new UpdateReceived(0, 4, 100, 1.5, "u4"));

        // Assert
        Assert.Equal([1, 4, 7], state.Owed);
        Assert.Empty(state.Received);
        Assert.Equal([1, 7], next.Owed);
        Assert.Equal(new ReceivedUpdate(100, 1.5, "u4"), next.Received[4]);
    }

    [Fact]
    public void Apply_FullRound_EndsEvaluatedWithNewModelAndMetrics()
    {
        // Arrange
        var state = Started();
        var decisions = new[] { ClientDecision.Kept(1), ClientDecision.Dropped(4) };
        var weights = new Dictionary<int, double> { [1] = 1.0 };
        var metrics = new Dictionary<string, double> { ["accuracy"] = 0.9 };

        // Act
        var end = state
            .Apply(new UpdateReceived(0, 1, 10, 1.0, "u1"))
            .Apply(new UpdateReceived(0, 4, 10, 9.0, "u4"))
            .Apply(new ClientTimedOut(0, 7))
            .Apply(new StageCompleted(0, "krum", decisions, NoDiagnostics))
            .Apply(new RoundAggregated(0, "h1", weights))
            .Apply(new RoundEvaluated(0, metrics));

        // Assert
        Assert.Equal(RoundPhase.Evaluated, end.Phase);
        Assert.True(end.AllRepliesIn);
        Assert.Equal([7], end.TimedOut);
        Assert.Equal("krum", Assert.Single(end.Stages).Stage);
        Assert.Equal("h1", end.ModelHash);
        Assert.Equal(1.0, end.Weights[1]);
        var recorded = Assert.Single(end.MetricsHistory);
        Assert.Equal(0, recorded.Round);
        Assert.Equal(0.9, recorded.Values["accuracy"]);
    }

    [Fact]
    public void Apply_UpdateRejected_RecordsTheReason()
    {
        // Arrange
        var state = Started();

        // Act
        var next = state.Apply(new UpdateRejected(0, 7, "non-finite value NaN at index 3"));

        // Assert
        Assert.Equal("non-finite value NaN at index 3", next.Rejected[7]);
        Assert.Equal([1, 4], next.Owed);
    }

    [Fact]
    public void Apply_UpdateFromClientNotSelected_Throws()
    {
        // Arrange
        var state = Started();

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => state.Apply(new UpdateReceived(0, 2, 10, 1.0, "u2")));

        // Assert
        Assert.Contains("not selected", error.Message);
    }

    [Fact]
    public void Apply_SecondReplyFromSameClient_Throws()
    {
        // Arrange
        var state = Started().Apply(new UpdateReceived(0, 1, 10, 1.0, "u1"));

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => state.Apply(new ClientTimedOut(0, 1)));

        // Assert
        Assert.Contains("already replied", error.Message);
    }

    [Fact]
    public void Apply_EventOfAnotherRound_Throws()
    {
        // Arrange
        var state = Started(round: 3);

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() => state.Apply(new UpdateReceived(2, 1, 10, 1.0, "u1")));
    }

    [Fact]
    public void Apply_StageBeforeAllReplies_Throws()
    {
        // Arrange
        var state = Started().Apply(new UpdateReceived(0, 1, 10, 1.0, "u1"));

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() =>
            state.Apply(new StageCompleted(0, "krum", [ClientDecision.Kept(1)], NoDiagnostics)));
    }

    [Fact]
    public void Apply_StageJudgingUnreceivedClient_Throws()
    {
        // Arrange
        var state = Started(0, 1).Apply(new ClientTimedOut(0, 1));

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() =>
            state.Apply(new StageCompleted(0, "krum", [ClientDecision.Kept(1)], NoDiagnostics)));
    }

    [Fact]
    public void Apply_EvaluatedBeforeAggregated_Throws()
    {
        // Arrange
        var state = Started(0, 1).Apply(new UpdateReceived(0, 1, 10, 1.0, "u1"));

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() => state.Apply(new RoundEvaluated(0, new Dictionary<string, double>())));
    }

    [Fact]
    public void Apply_RoundStartedWhileCollecting_Throws()
    {
        // Arrange
        var state = Started();

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() => state.Apply(new RoundStarted(1, 1, [1], "h0")));
    }

    [Fact]
    public void Apply_NextRoundAfterEvaluation_StartsFresh()
    {
        // Arrange
        var evaluated = CompleteRound(Started(0, 1), 0, 1, "h1");

        // Act
        var next = evaluated.Apply(new RoundStarted(1, 43, [2, 3], "h1"));

        // Assert
        Assert.Equal(1, next.Round);
        Assert.Equal([2, 3], next.Owed);
        Assert.Empty(next.Received);
        Assert.Empty(next.Stages);
        Assert.Single(next.MetricsHistory);
    }

    [Fact]
    public void Apply_RoundSkipped_Throws()
    {
        // Arrange
        var evaluated = CompleteRound(Started(0, 1), 0, 1, "h1");

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() => evaluated.Apply(new RoundStarted(2, 43, [2], "h1")));
    }

    [Fact]
    public void Apply_NextRoundFromAnotherModel_Throws()
    {
        // Arrange
        var evaluated = CompleteRound(Started(0, 1), 0, 1, "h1");

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() => evaluated.Apply(new RoundStarted(1, 43, [2], "other")));
    }

    [Fact]
    public void Apply_DuplicateSelectedClients_Throws()
    {
        // Arrange
        var state = RoundState.Initial;

        // Act & Assert
        Assert.Throws<InvalidOperationException>(() => state.Apply(new RoundStarted(0, 1, [2, 2], "h0")));
    }

    private static RoundState CompleteRound(RoundState state, int round, int client, string newHash) => state
        .Apply(new UpdateReceived(round, client, 10, 1.0, "u"))
        .Apply(new RoundAggregated(round, newHash, new Dictionary<int, double> { [client] = 1.0 }))
        .Apply(new RoundEvaluated(round, new Dictionary<string, double> { ["accuracy"] = 0.5 }));
}
