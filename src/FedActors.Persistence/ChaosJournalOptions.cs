namespace FedActors.Persistence;

/// <summary>
/// What a <see cref="ChaosJournal"/> makes fail: each rate is the probability (0 to 1) that one call fails, drawn from a
/// generator seeded with <see cref="Seed"/>, so the same sequence of calls fails the same way on every run.
/// </summary>
public sealed record ChaosJournalOptions
{
    private readonly double _writeFailureRate;
    private readonly double _replayFailureRate;
    private readonly double _readHighestFailureRate;
    private readonly IReadOnlySet<long> _failingWrites = new HashSet<long>();

    /// <summary>The probability that a <c>WriteMessagesAsync</c> call fails.</summary>
    public double WriteFailureRate
    {
        get => _writeFailureRate;
        init => _writeFailureRate = ValidRate(value, nameof(WriteFailureRate));
    }

    /// <summary>The probability that a <c>ReplayMessagesAsync</c> call fails before it replays anything.</summary>
    public double ReplayFailureRate
    {
        get => _replayFailureRate;
        init => _replayFailureRate = ValidRate(value, nameof(ReplayFailureRate));
    }

    /// <summary>The probability that a <c>ReadHighestSequenceNrAsync</c> call fails.</summary>
    public double ReadHighestFailureRate
    {
        get => _readHighestFailureRate;
        init => _readHighestFailureRate = ValidRate(value, nameof(ReadHighestFailureRate));
    }

    /// <summary>Write calls that fail whatever the rate, by their 1-based number (a schedule such as "fail the 3rd write").</summary>
    public IReadOnlySet<long> FailingWrites
    {
        get => _failingWrites;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Any(n => n < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(FailingWrites), "write numbers start at 1");
            }

            _failingWrites = value;
        }
    }

    /// <summary>The seed of the failure draws.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// When true, a failing write first reaches the inner journal and only its acknowledgement is lost (the caller sees
    /// a failure, but the events are stored); when false (the default), a failing write stores nothing.
    /// </summary>
    public bool LoseAcknowledgement { get; init; }

    private static double ValidRate(double value, string name) =>
        value is >= 0.0 and <= 1.0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1");
}
