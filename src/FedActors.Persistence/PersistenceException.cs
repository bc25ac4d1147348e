namespace FedActors.Persistence;

/// <summary>
/// A stored journal, snapshot or blob cannot be used: a corrupted row, an unknown event type, a file that is not a
/// FedActors database, or one written by a newer schema. The message names the file and the row.
/// </summary>
public sealed class PersistenceException : Exception
{
    public PersistenceException(string message)
        : base(message)
    {
    }

    public PersistenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
