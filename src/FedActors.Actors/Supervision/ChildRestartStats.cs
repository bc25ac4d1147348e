using System.Diagnostics;

namespace FedActors.Actors;

/// <summary>Counts a child's restarts within the strategy's window (as Akka's <c>ChildRestartStats</c>).</summary>
internal sealed class ChildRestartStats
{
    private int _retries;
    private long _windowStart;

    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan window)
    {
        if (maxNrOfRetries == 0)
        {
            return false;
        }

        if (window == Timeout.InfiniteTimeSpan)
        {
            _retries++;
            return maxNrOfRetries < 0 || _retries <= maxNrOfRetries;
        }

        var now = Stopwatch.GetTimestamp();
        if (_windowStart == 0 || Stopwatch.GetElapsedTime(_windowStart, now) > window)
        {
            // A new window opens with this restart.
            _windowStart = now;
            _retries = 1;
            return true;
        }

        _retries++;
        return maxNrOfRetries < 0 || _retries <= maxNrOfRetries;
    }
}
