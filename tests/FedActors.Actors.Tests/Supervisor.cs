using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests;

/// <summary>
/// A parent for the actor under test (as Akka's <c>StepParent</c>): send it <see cref="Props"/> (or
/// <see cref="SpawnChild"/>) and it replies with the child it created. Its strategy comes from
/// <see cref="Props.WithSupervisorStrategy"/>.
/// </summary>
internal sealed class Supervisor : ReceiveActor
{
    public Supervisor()
    {
        Receive<Props>(props => Sender.Tell(Context.ActorOf(props), Self));
        Receive<SpawnChild>(spawn => Sender.Tell(Context.ActorOf(spawn.Props, spawn.Name), Self));
    }

    public static Props Props(SupervisorStrategy strategy) =>
        Actors.Props.Create(() => new Supervisor()).WithSupervisorStrategy(strategy);

    /// <summary>Creates a supervisor with <paramref name="strategy"/> and, under it, a child from <paramref name="child"/>.</summary>
    public static (IActorRef Parent, IActorRef Child) Spawn(ActorSystem system, SupervisorStrategy strategy, Props child)
    {
        var parent = system.ActorOf(Props(strategy));
        var created = parent.Ask<IActorRef>(child, TestProbe.DefaultTimeout).GetAwaiter().GetResult();
        return (parent, created);
    }

    public sealed record SpawnChild(Props Props, string Name);
}
