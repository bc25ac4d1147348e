namespace FedActors.Actors.Tests.Persistence;

/// <summary>
/// A gate that async code under test waits at while it is closed; the test opens it. It counts arrivals, so a test
/// can wait (without sleeping) until the code under test is blocked at the gate.
/// </summary>
internal sealed class Gate
{
    private readonly object _lock = new();
    private TaskCompletionSource _opened = NewOpened();
    private int _arrivals;

    public Gate()
    {
        _opened.SetResult();
    }

    /// <summary>How many callers have reached the gate so far.</summary>
    public int Arrivals
    {
        get
        {
            lock (_lock)
            {
                return _arrivals;
            }
        }
    }

    /// <summary>Callers that arrive from now on wait until <see cref="Open"/>.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_opened.Task.IsCompleted)
            {
                _opened = NewOpened();
            }
        }
    }

    /// <summary>Lets the waiting callers, and every later one, through.</summary>
    public void Open()
    {
        TaskCompletionSource opened;
        lock (_lock)
        {
            opened = _opened;
        }

        opened.TrySetResult();
    }

    /// <summary>Called by the code under test: counts the arrival and completes when the gate is open.</summary>
    public Task PassAsync(CancellationToken cancellationToken)
    {
        Task opened;
        lock (_lock)
        {
            _arrivals++;
            opened = _opened.Task;
            Monitor.PulseAll(_lock);
        }

        return opened.WaitAsync(cancellationToken);
    }

    /// <summary>Blocks the test until <paramref name="count"/> callers have arrived; fails the test after <paramref name="timeout"/>.</summary>
    public void AwaitArrivals(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        lock (_lock)
        {
            while (_arrivals < count)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lock, left))
                {
                    Assert.Fail($"only {_arrivals} of {count} callers reached the gate in time");
                }
            }
        }
    }

    // Continuations run on the thread pool, not on the test thread that opens the gate.
    private static TaskCompletionSource NewOpened() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
