namespace FedActors.Actors;

/// <summary>One log line: its level, the actor path or component it came from, and an optional exception.</summary>
public sealed record LogEvent(LogLevel Level, string Source, string Message, Exception? Cause, DateTimeOffset Timestamp)
{
    public override string ToString() =>
        $"[{Level.ToString().ToUpperInvariant()}] [{Timestamp:HH:mm:ss.fff}] [{Source}] {Message}{(Cause is null ? string.Empty : $": {Cause.GetType().Name}: {Cause.Message}")}";
}
