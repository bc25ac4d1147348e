namespace FedActors.Actors;

/// <summary>Logs on behalf of an actor or component (as Akka's <c>ILoggingAdapter</c>).</summary>
public interface ILoggingAdapter
{
    bool IsEnabled(LogLevel level);

    void Log(LogLevel level, string message, Exception? cause = null);
}
