using System.Diagnostics;

namespace FedActors.Cli.Bench.Overhead;

/// <summary>
/// Times the stretches in which no job runs, between the first job's start and the last one's end: how long a run's
/// trainer threads all wait for the orchestration (results handled, the defense pipeline, the journal, the next jobs
/// handed out) rather than share their cores with it. Thread-safe: the trainer threads report their jobs' starts and
/// ends concurrently.
/// </summary>
internal sealed class IdleClock
{
    private readonly Lock _gate = new();
    private int _running;
    private long _idleSince;
    private long _idleTicks;

    /// <summary>The time with no job running so far, after the first start.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return Stopwatch.GetElapsedTime(0, _idleTicks);
            }
        }
    }

    /// <summary>Runs <paramref name="job"/> as one job: the clock stops while it runs.</summary>
    public T Time<T>(Func<T> job)
    {
        JobStarted();
        try
        {
            return job();
        }
        finally
        {
            JobEnded();
        }
    }

    /// <inheritdoc cref="Time{T}(Func{T})"/>
    public void Time(Action job) => Time(() =>
    {
        job();
        return true;
    });

    private void JobStarted()
    {
        lock (_gate)
        {
            if (_running++ == 0 && _idleSince != 0)
            {
                _idleTicks += Stopwatch.GetTimestamp() - _idleSince;
            }
        }
    }

    private void JobEnded()
    {
        lock (_gate)
        {
            if (--_running == 0)
            {
                _idleSince = Stopwatch.GetTimestamp();
            }
        }
    }
}
