namespace FedActors.Persistence;

/// <summary>An event as stored: a stable name of its type and its JSON.</summary>
public sealed record SerializedEvent(string EventType, string PayloadJson);
