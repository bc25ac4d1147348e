namespace FedActors.Actors;

/// <summary>How an actor treats the failures of its children.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Akka's default: stop on initialization failures, <see cref="Kill"/> and death pacts; restart on anything else.</summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops any child that fails.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(_ => Directive.Stop);

    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The directive for a failure.</summary>
    public abstract Directive Decide(Exception cause);

    /// <summary>May the child be restarted once more? When not, it is stopped instead.</summary>
    internal abstract bool RequestRestartPermission(ChildRestartStats stats);
}
