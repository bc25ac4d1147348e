namespace FedActors.Actors;

/// <summary>Sends log events at or above the system's minimum level to its sink.</summary>
internal sealed class LoggingAdapter(ActorSystemSettings settings, string source) : ILoggingAdapter
{
    public bool IsEnabled(LogLevel level) => level >= settings.MinimumLogLevel;

    public void Log(LogLevel level, string message, Exception? cause = null)
    {
        if (IsEnabled(level))
        {
            settings.LogSink(new LogEvent(level, source, message, cause, DateTimeOffset.UtcNow));
        }
    }
}
