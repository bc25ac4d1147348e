namespace FedActors.Persistence;

/// <summary>A journal or snapshot row as read back, before its check: whose, which, its type name, JSON and recorded SHA-256.</summary>
internal readonly record struct StoredRow(string PersistenceId, long SequenceNr, string Type, string Json, string Sha256);
