namespace FedActors.Actors;

/// <summary>Options of an <see cref="ActorSystem"/>.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>Messages an actor processes per turn before yielding its thread.</summary>
    public int Throughput { get; init; } = 30;

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Where log events go; standard error by default.</summary>
    public Action<LogEvent> LogSink { get; init; } = static e => Console.Error.WriteLine(e.ToString());

    /// <summary>Dead letters logged one by one before the rest are only counted (the count is always exact).</summary>
    public int DeadLetterLogLimit { get; init; } = 10;

    /// <summary>The event journal of persistent actors; an in-memory one per system by default.</summary>
    public IEventJournal? Journal { get; init; }

    /// <summary>The snapshot store of persistent actors; an in-memory one per system by default.</summary>
    public ISnapshotStore? SnapshotStore { get; init; }
}
