namespace FedActors.Actors;

public static class LoggingAdapterExtensions
{
    public static void Debug(this ILoggingAdapter log, string message) => log.Log(LogLevel.Debug, message);

    public static void Info(this ILoggingAdapter log, string message) => log.Log(LogLevel.Info, message);

    public static void Warning(this ILoggingAdapter log, string message, Exception? cause = null) => log.Log(LogLevel.Warning, message, cause);

    public static void Error(this ILoggingAdapter log, string message, Exception? cause = null) => log.Log(LogLevel.Error, message, cause);
}
