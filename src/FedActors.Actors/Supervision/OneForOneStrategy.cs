namespace FedActors.Actors;

/// <summary>
/// Applies the decider's directive to the failed child only. A child restarted more than
/// <c>maxNrOfRetries</c> times within <c>withinTimeRange</c> is stopped instead (negative: no limit;
/// <see cref="Timeout.InfiniteTimeSpan"/>: the count never resets).
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (withinTimeRange <= TimeSpan.Zero && withinTimeRange != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), "must be positive or Timeout.InfiniteTimeSpan");
        }

        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        _decider = decider;
    }

    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    public int MaxNrOfRetries { get; }

    public TimeSpan WithinTimeRange { get; }

    public override Directive Decide(Exception cause) => _decider(cause);

    internal override bool RequestRestartPermission(ChildRestartStats stats) =>
        stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange);
}
