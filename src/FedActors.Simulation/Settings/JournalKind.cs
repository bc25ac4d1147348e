namespace FedActors.Simulation;

/// <summary>Where round events are journaled: <c>sqlite</c>, <c>postgres</c> or <c>in-memory</c>.</summary>
public enum JournalKind
{
    Sqlite,
    Postgres,
    InMemory,
}
