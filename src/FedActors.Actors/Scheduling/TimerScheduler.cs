using System.Collections.Concurrent;

namespace FedActors.Actors;

/// <summary>One <see cref="Timer"/> per schedule: timers cost nothing while waiting and fire on the thread pool.</summary>
internal sealed class TimerScheduler : IScheduler, IDisposable
{
    private readonly ConcurrentDictionary<ScheduledTell, byte> _active = new();
    private volatile bool _disposed;

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, receiver, message, sender);

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, interval, receiver, message, sender);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var scheduled in _active.Keys)
        {
            scheduled.Cancel();
        }
    }

    private ScheduledTell Schedule(TimeSpan delay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        var scheduled = new ScheduledTell(this, receiver, message, sender, repeating: interval != Timeout.InfiniteTimeSpan);
        if (_disposed)
        {
            scheduled.Cancel();
            return scheduled;
        }

        _active.TryAdd(scheduled, 0);
        scheduled.Start(delay, interval);
        return scheduled;
    }

    private sealed class ScheduledTell(TimerScheduler owner, IActorRef receiver, object message, IActorRef? sender, bool repeating)
        : ICancelable
    {
        private Timer? _timer;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Start(TimeSpan delay, TimeSpan interval)
        {
            _timer = new Timer(static state => ((ScheduledTell)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, interval);
        }

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
            owner._active.TryRemove(this, out _);
        }

        private void Fire()
        {
            if (_cancelled)
            {
                return;
            }

            receiver.Tell(message, sender);
            if (!repeating)
            {
                Cancel();
            }
        }
    }
}
