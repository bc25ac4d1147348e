using FedActors.Actors;
using FedActors.Persistence;
using FedActors.Simulation;

namespace FedActors.Cli.Run;

/// <summary>
/// Where a run keeps its events and blobs (models, and updates with <c>persistence.store-updates</c>), as
/// <c>persistence.journal</c> says: <c>sqlite</c> puts both in the run directory's <c>journal.db</c>; <c>postgres</c>
/// in the configured server's tables (the run directory keeps run.json and config.json); <c>in-memory</c> keeps them in this process (nothing to resume or replay).
/// </summary>
public sealed class RunStorage : IDisposable
{
    private readonly List<IDisposable> _owned;

    private RunStorage(IEventJournal journal, IBlobStore blobs, List<IDisposable> owned)
    {
        Journal = journal;
        Blobs = blobs;
        _owned = owned;
    }

    public IEventJournal Journal { get; }

    public IBlobStore Blobs { get; }

    /// <summary>Opens (creating when new) the journal and blob store of the run in <paramref name="directory"/>.</summary>
    public static RunStorage Open(PersistenceSettings persistence, RunDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(persistence);
        ArgumentNullException.ThrowIfNull(directory);
        switch (persistence.Journal)
        {
            case JournalKind.Sqlite:
                return Pair(
                    new SqliteJournal(directory.JournalPath, synchronous: persistence.SqliteSynchronous),
                    () => new SqliteBlobStore(directory.JournalPath, persistence.SqliteSynchronous));
            case JournalKind.Postgres:
                return Pair(new PostgresJournal(persistence.PostgresConnectionString), () => new PostgresBlobStore(persistence.PostgresConnectionString));
            case JournalKind.InMemory:
                return new RunStorage(new InMemoryJournal(), new InMemoryBlobStore(), []);
            default:
                throw new NotSupportedException($"persistence.journal = {persistence.Journal} has no storage");
        }
    }

    /// <summary>A journal and the blob store opened after it (the journal is closed again when the blob store fails to open).</summary>
    private static RunStorage Pair<TJournal, TBlobs>(TJournal journal, Func<TBlobs> openBlobs)
        where TJournal : IEventJournal, IDisposable
        where TBlobs : IBlobStore, IDisposable
    {
        try
        {
            var blobs = openBlobs();
            return new RunStorage(journal, blobs, [journal, blobs]);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
