namespace FedActors.Persistence;

/// <summary>A journal failure injected on purpose by a <see cref="ChaosJournal"/>; the message says so.</summary>
public sealed class JournalFailureException : Exception
{
    public JournalFailureException(string message)
        : base(message)
    {
    }
}
