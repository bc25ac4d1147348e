using FedActors.Actors;
using FedActors.Actors.TestKit;

namespace FedActors.Persistence.Tests;

/// <summary>The journal contract on a <see cref="ChaosJournal"/> with no failures over a <see cref="SqliteJournal"/>.</summary>
public sealed class ChaosJournalSqliteSpecTests : JournalSpec, IDisposable
{
    private readonly TempDirectory _directory = new();
    private SqliteJournal? _inner;

    protected override IEventJournal CreateJournal()
    {
        _inner = new SqliteJournal(_directory.File("journal.db"));
        return new ChaosJournal(_inner, new ChaosJournalOptions { Seed = 7 });
    }

    public void Dispose()
    {
        _inner?.Dispose();
        _directory.Dispose();
    }
}
