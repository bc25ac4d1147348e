using FedActors.Actors;
using FedActors.Actors.TestKit;
using FedActors.Torch;

namespace FedActors.Simulation.Tests.Actors;

/// <summary>The coalition's model poisoning: scaling, and 004's boosting against the benign updates its knowledge shows it.</summary>
public sealed class CoalitionModelPoisoningTests : TestKit
{
    private const ulong RunSeed = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly ModelSpec Model = ModelZoo.Mlp([2], [4], 3);
    private static readonly int[] Labels = Enumerable.Repeat(0, 20).ToArray();

    [Fact]
    public void Scaling_Auto_MultipliesTheUpdateByClientsPerRoundOverTheServerRate()
    {
        var trainer = new ScriptedTrainer(_ => [1f, 1f]);
        var coalition = Start(trainer, Settings("scaling"), clients: 4, malicious: [1]);

        coalition.Tell(Member(1, round: 1, requestId: 7), TestActor);

        var update = ExpectMsg<UpdateSubmitted>(Timeout);
        Assert.Equal([4f, 4f], update.Update); // γ = n/η = 4/1
    }

    [Fact]
    public void Scaling_BeforeTheAttackStarts_LeavesTheUpdate()
    {
        var trainer = new ScriptedTrainer(_ => [1f, 1f]);
        var coalition = Start(trainer, Settings("scaling") with { Scale = 3 }, clients: 4, malicious: [1]);

        coalition.Tell(Member(1, round: 0, requestId: 7), TestActor);

        Assert.Equal([1f, 1f], ExpectMsg<UpdateSubmitted>(Timeout).Update);
    }

    [Theory]
    [InlineData(3.0, 2f)]                      // ‖λ·[1, 0] − [0, 1]‖ = √(λ² + 1) ≤ 3 → λ ≤ 2.83: the largest in Λ is 2
    [InlineData(double.PositiveInfinity, 10f)] // no bound: the targeted loss (−w₀ here) keeps falling up to λ = 10
    public void MultiPartyBoost_PicksTheBestLambdaWithinTheL2Bound(double bound, float expected)
    {
        var trainer = new ScriptedTrainer(_ => [1f, 0f]);
        var coalition = Start(trainer, Settings("multi-party-boost") with { L2Bound = bound }, clients: 3, malicious: [1, 2]);

        coalition.Tell(Member(1, round: 1, requestId: 11), TestActor);
        coalition.Tell(Member(2, round: 1, requestId: 12), TestActor);
        coalition.Tell(new BenignReplyObserved(1, 0, 10, [0f, 1f]), TestActor);

        var updates = ReceiveN(2, Timeout).Cast<UpdateSubmitted>().OrderBy(u => u.ClientId).ToList();
        Assert.Equal([1, 2], updates.Select(u => u.ClientId));
        Assert.All(updates, u => Assert.Equal([expected, 0f], u.Update));
        Assert.All(updates, u => Assert.True(Distance(u.Update, [0f, 1f]) <= bound));
        Assert.NotEmpty(trainer.Evaluations);
    }

    [Fact]
    public void MultiPartyBoost_WaitsForEveryMemberAndKnownBenignUpdate()
    {
        var trainer = new ScriptedTrainer(_ => [1f, 0f]);
        var coalition = Start(trainer, Settings("multi-party-boost"), clients: 3, malicious: [1, 2]);

        coalition.Tell(Member(1, round: 1, requestId: 11), TestActor);
        coalition.Tell(Member(2, round: 1, requestId: 12), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        coalition.Tell(new BenignReplyObserved(1, 0, 10, null), TestActor); // rejected or timed out: no longer awaited

        Assert.Equal(2, ReceiveN(2, Timeout).Count);
    }

    [Fact]
    public void LimitedKnowledge_SeesOnlyItsSeededBenignClients()
    {
        var benign = new[] { 0, 3, 4, 5 };
        var known = CoalitionRound.ChooseKnown(benign, AttackKnowledge.Limited, 2, RunSeed, round: 1);
        var unknown = benign.Except(known).ToList();
        var trainer = new ScriptedTrainer(_ => [1f, 0f]);
        var settings = Settings("multi-party-boost") with { Knowledge = AttackKnowledge.Limited, KnownBenign = 2, L2Bound = 3 };
        var coalition = Start(trainer, settings, clients: 6, malicious: [1, 2]);

        coalition.Tell(Member(1, round: 1, requestId: 11), TestActor);
        coalition.Tell(Member(2, round: 1, requestId: 12), TestActor);
        // A far update from a client the coalition does not know would force λ = 1 if it were counted.
        coalition.Tell(new BenignReplyObserved(1, unknown[0], 10, [-50f, 0f]), TestActor);
        foreach (var client in known)
        {
            coalition.Tell(new BenignReplyObserved(1, client, 10, [0f, 1f]), TestActor);
        }

        var updates = ReceiveN(2, Timeout).Cast<UpdateSubmitted>().ToList();
        Assert.All(updates, u => Assert.Equal([2f, 0f], u.Update));
        Assert.Equal(2, known.Count);
        Assert.Equal(known, CoalitionRound.ChooseKnown(benign.Reverse().ToArray(), AttackKnowledge.Limited, 2, RunSeed, round: 1));
        Assert.Equal(benign, CoalitionRound.ChooseKnown(benign, AttackKnowledge.Perfect, 2, RunSeed, round: 1));
    }

    [Fact]
    public void Settings_Snal2WithTwoMembers_IsAConfigurationError()
    {
        SettingsConfigs.AssertFails(
            "fedactors.attack { type = label-flip, malicious-clients = 2, model-poisoning { type = snal2, l2-bound = 3 } }",
            "snal2",
            "fedactors.attack.model-poisoning.type is a single-node baseline: it needs fedactors.attack.malicious-clients = 1, not 2, but is 'snal2'");
    }

    [Fact]
    public void Settings_BoostingWithoutDataPoisoning_SaysWhatIsMissing()
    {
        var error = Assert.Throws<FedActors.Hocon.HoconException>(() => SimulationSettings.FromConfig(SettingsConfigs.Load(
            "fedactors.attack { malicious-clients = 2, model-poisoning { type = multi-party-boost } }")));
        Assert.Contains("needs a data poisoning fedactors.attack.type", error.Message, StringComparison.Ordinal);
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());

    private static ModelPoisoningSettings Settings(string type) => ModelPoisoningSettings.None with
    {
        Kind = type switch
        {
            "scaling" => ModelPoisoningKind.Scaling,
            _ => ModelPoisoningKind.MultiPartyBoost,
        },
    };

    private IActorRef Start(ScriptedTrainer trainer, ModelPoisoningSettings settings, int clients, int[] malicious)
    {
        var models = new ModelStore();
        models.Put([0f, 0f]);
        var pool = Sys.ActorOf(TrainerPool.Props(trainer, workers: 1, queueCapacity: 4));
        var federation = new CoalitionFederation(clients, clients, malicious.ToHashSet(), 1.0, Weighting.Samples, Labels, TimeSpan.FromMinutes(5));
        var setup = new CoalitionSetup("fake", Model, RunSeed, new AttackTiming(1, []), null) { ModelPoisoning = settings, Federation = federation };
        return Sys.ActorOf(AttackerCoalition.Props(setup, pool, models));
    }

    private MemberTrainRequest Member(int clientId, int round, long requestId) =>
        new(clientId, [clientId], new TrainRequest(round, requestId, ModelHash.Sha256([0f, 0f]), new TrainingHyperParameters()), TestActor);

    /// <summary>Trains to initial + a scripted delta; scores a model by −w₀ (loss) so that a larger boost along x looks better.</summary>
    private sealed class ScriptedTrainer(Func<TrainJob, float[]> delta) : ITrainer
    {
        public List<EvalJob> Evaluations { get; } = [];

        public TrainResult Train(TrainJob job) =>
            new(job.InitialState.Zip(delta(job), (w, d) => w + d).ToArray(), 10, 0.5);

        public EvalResult Evaluate(EvalJob job)
        {
            lock (Evaluations)
            {
                Evaluations.Add(job);
            }

            var counts = new long[job.Model.Classes * job.Model.Classes];
            counts[0] = job.Samples.Count;
            return new EvalResult(new ConfusionMatrix(job.Model.Classes, counts)) { MeanLoss = -job.State[0] };
        }
    }
}
