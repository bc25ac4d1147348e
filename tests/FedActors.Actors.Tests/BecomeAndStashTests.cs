using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class BecomeAndStashTests : TestKit.TestKit
{
    public BecomeAndStashTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    /// <summary>Answers "state?" with its behaviour's name; switches with Become, BecomeStacked and Unbecome.</summary>
    private sealed class Moody : ReceiveActor
    {
        public Moody()
        {
            Calm();
        }

        private void Calm()
        {
            Receive<string>(s => s == "state?", _ => Sender.Tell("calm", Self));
            Receive<string>(s => s == "become-angry", _ => Become(Angry));
            Receive<string>(s => s == "push-happy", _ => BecomeStacked(Happy));
            Receive<string>(s => s == "pop", _ => Unbecome());
        }

        private void Angry()
        {
            Receive<string>(s => s == "state?", _ => Sender.Tell("angry", Self));
            Receive<string>(s => s == "become-calm", _ => Become(Calm));
            Receive<string>(s => s == "push-happy", _ => BecomeStacked(Happy));
            Receive<string>(s => s == "pop", _ => Unbecome());
        }

        private void Happy()
        {
            Receive<string>(s => s == "state?", _ => Sender.Tell("happy", Self));
            Receive<string>(s => s == "push-happy", _ => BecomeStacked(Happy));
            Receive<string>(s => s == "pop", _ => Unbecome());
            Receive<string>(s => s == "become-angry", _ => Become(Angry));
        }
    }

    /// <summary>
    /// Closed: stashes strings (Unstash on "unstash-one"), fails on "boom". "open" unstashes all and echoes strings
    /// to their sender from then on.
    /// </summary>
    private sealed class Gatekeeper : ReceiveActor
    {
        public Gatekeeper()
        {
            Receive<Hold>(h => h.Block(Sender, Self));
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "count?", _ => Sender.Tell(Stash.Count, Self));
            Receive<string>(s => s == "open", _ =>
            {
                Stash.UnstashAll();
                Become(Open);
            });
            Receive<string>(s => s == "unstash-one", _ => Stash.Unstash());
            Receive<string>(_ => Stash.Stash());
        }

        private void Open()
        {
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => Sender.Tell(s, Self));
        }
    }

    [Fact]
    public void Become_ReplacesTheBehaviour()
    {
        var actor = Sys.ActorOf(Props.Create<Moody>());

        actor.Tell("become-angry", TestActor);
        actor.Tell("state?", TestActor);
        actor.Tell("become-calm", TestActor);
        actor.Tell("state?", TestActor);

        ExpectMsg("angry");
        ExpectMsg("calm");
    }

    [Fact]
    public void BecomeStacked_ThenUnbecome_ReturnsToThePreviousBehaviour()
    {
        var actor = Sys.ActorOf(Props.Create<Moody>());

        actor.Tell("become-angry", TestActor);
        actor.Tell("push-happy", TestActor);
        actor.Tell("push-happy", TestActor);
        actor.Tell("state?", TestActor);
        actor.Tell("pop", TestActor);
        actor.Tell("state?", TestActor);
        actor.Tell("pop", TestActor);
        actor.Tell("state?", TestActor);

        ExpectMsg("happy");
        ExpectMsg("happy");
        ExpectMsg("angry");
    }

    [Fact]
    public void Unbecome_OnTheInitialBehaviour_KeepsIt()
    {
        var actor = Sys.ActorOf(Props.Create<Moody>());

        actor.Tell("pop", TestActor);
        actor.Tell("state?", TestActor);

        ExpectMsg("calm");
    }

    [Fact]
    public void Become_InsideAStackedBehaviour_ReplacesOnlyTheTop()
    {
        var actor = Sys.ActorOf(Props.Create<Moody>());

        actor.Tell("push-happy", TestActor);
        actor.Tell("become-angry", TestActor);
        actor.Tell("state?", TestActor);
        actor.Tell("pop", TestActor);
        actor.Tell("state?", TestActor);

        ExpectMsg("angry");
        ExpectMsg("calm");
    }

    [Fact]
    public void Restart_ResetsTheBehaviourToTheInitialOne()
    {
        // Arrange
        var actor = Sys.ActorOf(Props.Create<Gatekeeper>());
        actor.Tell("open", TestActor);
        actor.Tell("x", TestActor);
        ExpectMsg("x");

        // Act
        actor.Tell("boom", TestActor);
        actor.Tell("y", TestActor);
        actor.Tell("count?", TestActor);

        // Assert: the new instance is closed again, so "y" was stashed.
        ExpectMsg(1);
    }

    [Fact]
    public void UnstashAll_StashedMessagesComeBackBeforeLaterOnesInTheirOriginalOrder()
    {
        // Arrange: hold the actor so that everything below is queued before it looks at any of it.
        var actor = Sys.ActorOf(Props.Create<Gatekeeper>());
        var gate = new ManualResetEventSlim();
        actor.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);

        // Act
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("c", TestActor);
        actor.Tell("open", TestActor);
        actor.Tell("d", TestActor);
        actor.Tell("e", TestActor);
        gate.Set();

        // Assert
        Assert.Equal(new object[] { "a", "b", "c", "d", "e" }, ReceiveN(5));
    }

    [Fact]
    public void UnstashAll_StashedMessagesKeepTheirSenders()
    {
        var actor = Sys.ActorOf(Props.Create<Gatekeeper>());
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        first.Send(actor, "from-first");
        second.Send(actor, "from-second");
        actor.Tell("open", TestActor);

        first.ExpectMsg("from-first");
        second.ExpectMsg("from-second");
        Assert.Same(actor, first.LastSender);
    }

    [Fact]
    public void Unstash_One_PutsBackTheOldestStashedMessageFirst()
    {
        // Arrange
        var actor = Sys.ActorOf(Props.Create<Gatekeeper>());
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("count?", TestActor);
        ExpectMsg(2);

        // Act: "a" comes back, is stashed again (behind "b"), then "open" releases "b", "a".
        actor.Tell("unstash-one", TestActor);
        actor.Tell("count?", TestActor);
        ExpectMsg(2);
        actor.Tell("open", TestActor);

        // Assert
        Assert.Equal(new object[] { "b", "a" }, ReceiveN(2));
    }

    [Fact]
    public void Stash_SurvivesRestart_StashedMessagesComeFirstInOriginalOrder()
    {
        // Arrange
        var actor = Sys.ActorOf(Props.Create<Gatekeeper>());
        var gate = new ManualResetEventSlim();
        actor.Tell(new Hold(gate), TestActor);
        ExpectMsg(Hold.Holding);
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);

        // Act: "boom" restarts the actor; the new instance gets "a", "b" back before "open" and "c".
        actor.Tell("boom", TestActor);
        actor.Tell("open", TestActor);
        actor.Tell("c", TestActor);
        gate.Set();

        // Assert
        Assert.Equal(new object[] { "a", "b", "c" }, ReceiveN(3));
        ExpectNoMsg();
    }

    [Fact]
    public void Stash_ActorStops_StashedMessagesBecomeDeadLetters()
    {
        var actor = Sys.ActorOf(Props.Create<Gatekeeper>());
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("count?", TestActor);
        ExpectMsg(2);
        Watch(actor);

        Sys.Stop(actor);

        // Watchers hear of the stop before the leftover stash is counted, so wait for the count.
        ExpectTerminated(actor);
        AwaitCondition(() => Sys.DeadLetterCount == 2);
        ExpectNoMsg();
        Assert.Equal(2, Sys.DeadLetterCount);
    }
}
