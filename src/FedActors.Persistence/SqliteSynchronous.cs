namespace FedActors.Persistence;

/// <summary>
/// When a SQLite commit counts as done (SQLite's <c>PRAGMA synchronous</c>, in WAL mode). Either way the file stays
/// consistent, and a commit is kept when the process crashes; they differ on a power loss or an operating-system crash.
/// The values are the pragma's.
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit is done once the operating system has it; the WAL is synced at checkpoints. A power loss may lose the
    /// last commits, never an earlier one without the later (the WAL is one log, replayed up to its last whole commit).
    /// </summary>
    Normal = 1,

    /// <summary>Every commit waits until the WAL is synced to the disk (an fsync per commit).</summary>
    Full = 2,
}
