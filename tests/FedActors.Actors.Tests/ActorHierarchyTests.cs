using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

public sealed class ActorHierarchyTests : TestKit.TestKit
{
    public ActorHierarchyTests()
        : base(new ActorSystemSettings { LogSink = _ => { } })
    {
    }

    private sealed class Leaf : ReceiveActor
    {
        public Leaf()
        {
            Receive<string>(s => s == "parent?", _ => Sender.Tell(Context.Parent, Self));
            Receive<string>(s => s == "self?", _ => Sender.Tell(Self, Self));
        }
    }

    /// <summary>Creates, finds, lists and stops children on request.</summary>
    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            Receive<MakeChild>(c =>
            {
                try
                {
                    Sender.Tell(Context.ActorOf(Props.Create<Leaf>(), c.Name), Self);
                }
                catch (InvalidActorNameException e)
                {
                    Sender.Tell(e, Self);
                }
            });
            Receive<Find>(f => Sender.Tell(Context.Child(f.Name) ?? (object)"none", Self));
            Receive<string>(s => s == "children?", _ => Sender.Tell(Context.GetChildren().Select(c => c.Path).Order().ToList(), Self));
            Receive<StopChild>(s => Context.Stop(s.Child));
        }
    }

    private sealed record MakeChild(string? Name);

    private sealed record Find(string Name);

    private sealed record StopChild(IActorRef Child);

    [Fact]
    public void ActorOf_DuplicateTopLevelName_ThrowsInvalidActorNameException()
    {
        Sys.ActorOf(Props.Create<Leaf>(), "worker");

        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Leaf>(), "worker"));

        Assert.Contains("worker", error.Message);
    }

    [Fact]
    public void ActorOf_DuplicateChildName_ThrowsInvalidActorNameException()
    {
        var parent = Sys.ActorOf(Props.Create<Parent>());
        parent.Tell(new MakeChild("kid"), TestActor);
        ExpectMsg<IActorRef>();

        parent.Tell(new MakeChild("kid"), TestActor);

        Assert.Contains("kid", ExpectMsg<InvalidActorNameException>().Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("$system")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("tab\t")]
    public void ActorOf_InvalidName_ThrowsInvalidActorNameException(string name)
    {
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Leaf>(), name));
    }

    [Fact]
    public void ActorOf_SameNameAsAStoppedTopLevelActor_SucceedsOnceTheGuardianHasSeenItStop()
    {
        // Arrange
        var first = Sys.ActorOf(Props.Create<Leaf>(), "reused");
        Watch(first);

        // Act
        Sys.Stop(first);
        ExpectTerminated(first);

        // Assert: Terminated goes to watchers as the guardian learns of the stop, so the name frees up right after.
        IActorRef? second = null;
        AwaitAssert(() => second = Sys.ActorOf(Props.Create<Leaf>(), "reused"));
        Assert.NotSame(first, second);
        second!.Tell("self?", TestActor);
        Assert.Same(second, ExpectMsg<IActorRef>());
    }

    [Fact]
    public void ActorOf_ChildNameAfterTheChildTerminated_IsFreeAgain()
    {
        // Arrange
        var parent = Sys.ActorOf(Props.Create<Parent>());
        parent.Tell(new MakeChild("kid"), TestActor);
        var kid = ExpectMsg<IActorRef>();
        Watch(kid);

        // Act
        parent.Tell(new StopChild(kid), TestActor);
        ExpectTerminated(kid);

        // Assert
        AwaitAssert(() =>
        {
            parent.Tell(new MakeChild("kid"), TestActor);
            Assert.NotSame(kid, ExpectMsg<IActorRef>());
        });
    }

    [Fact]
    public void ContextActorOf_CreatesAChildWithThisActorAsParentAndPath()
    {
        // Arrange
        var parent = Sys.ActorOf(Props.Create<Parent>(), "parent");

        // Act
        parent.Tell(new MakeChild("kid"), TestActor);
        var kid = ExpectMsg<IActorRef>();
        kid.Tell("parent?", TestActor);

        // Assert
        Assert.Same(parent, ExpectMsg<IActorRef>());
        Assert.Equal("fedactors://test/user/parent/kid", kid.Path);
        Assert.Equal("fedactors://test/user/parent", parent.Path);
    }

    [Fact]
    public void ContextChild_FindsLiveChildrenByName()
    {
        var parent = Sys.ActorOf(Props.Create<Parent>());
        parent.Tell(new MakeChild("kid"), TestActor);
        var kid = ExpectMsg<IActorRef>();

        parent.Tell(new Find("kid"), TestActor);
        Assert.Same(kid, ExpectMsg<IActorRef>());
        parent.Tell(new Find("nobody"), TestActor);
        ExpectMsg("none");
    }

    [Fact]
    public void GetChildren_ListsEveryChild_AndForgetsStoppedOnes()
    {
        // Arrange
        var parent = Sys.ActorOf(Props.Create<Parent>(), "p");
        parent.Tell(new MakeChild("x"), TestActor);
        var x = ExpectMsg<IActorRef>();
        parent.Tell(new MakeChild("y"), TestActor);
        ExpectMsg<IActorRef>();
        parent.Tell(new MakeChild(null), TestActor);
        var anonymous = ExpectMsg<IActorRef>();

        // Act
        parent.Tell("children?", TestActor);
        var before = ExpectMsg<List<string>>();
        Watch(x);
        parent.Tell(new StopChild(x), TestActor);
        ExpectTerminated(x);

        // Assert
        Assert.Equal(new[] { anonymous.Path, "fedactors://test/user/p/x", "fedactors://test/user/p/y" }.Order(), before);
        AwaitAssert(() =>
        {
            parent.Tell("children?", TestActor);
            Assert.Equal(new[] { anonymous.Path, "fedactors://test/user/p/y" }.Order(), ExpectMsg<List<string>>());
        });
    }

    [Fact]
    public void ActorOf_WithoutName_GetsUniqueGeneratedNames()
    {
        var refs = Enumerable.Range(0, 100).Select(_ => Sys.ActorOf(Props.Create<Leaf>())).ToList();

        Assert.Equal(100, refs.Select(r => r.Path).Distinct().Count());
        Assert.All(refs, r => Assert.StartsWith("fedactors://test/user/$", r.Path));
    }

    [Fact]
    public void TopLevelActor_ParentIsTheUserGuardian()
    {
        var leaf = Sys.ActorOf(Props.Create<Leaf>());

        leaf.Tell("parent?", TestActor);

        Assert.Equal("fedactors://test/user", ExpectMsg<IActorRef>().Path);
    }

    [Fact]
    public void NewActor_OutsideActorOf_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new Leaf());
    }
}
