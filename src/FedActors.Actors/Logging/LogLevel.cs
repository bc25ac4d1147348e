namespace FedActors.Actors;

public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
