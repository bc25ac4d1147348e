using FedActors.Actors;
using FedActors.Actors.TestKit;

namespace FedActors.Persistence.Tests;

/// <summary>The journal contract on <see cref="SqliteJournal"/>, each test on its own file.</summary>
public sealed class SqliteJournalTests : JournalSpec, IDisposable
{
    private readonly TempDirectory _directory = new();
    private SqliteJournal? _journal;

    protected override IEventJournal CreateJournal() => _journal = new SqliteJournal(_directory.File("journal.db"));

    public void Dispose()
    {
        _journal?.Dispose();
        _directory.Dispose();
    }
}
