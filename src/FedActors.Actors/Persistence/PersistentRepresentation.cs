namespace FedActors.Actors;

/// <summary>One journaled event: who wrote it, its sequence number (1, 2, 3… per persistence id) and the event itself.</summary>
public sealed record PersistentRepresentation(string PersistenceId, long SequenceNr, object Payload);
