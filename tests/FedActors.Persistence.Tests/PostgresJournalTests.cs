using FedActors.Actors;
using FedActors.Actors.TestKit;

namespace FedActors.Persistence.Tests;

/// <summary>The journal contract on <see cref="PostgresJournal"/>, each test in its own schema of the test server.</summary>
public sealed class PostgresJournalTests : JournalSpec, IDisposable
{
    private readonly PostgresSchema _schema = new();
    private PostgresJournal? _journal;

    protected override IEventJournal CreateJournal() => _journal = new PostgresJournal(_schema.ConnectionString, _schema.Name);

    public void Dispose()
    {
        _journal?.Dispose();
        _schema.Dispose();
    }
}
