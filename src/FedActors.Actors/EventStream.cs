namespace FedActors.Actors;

/// <summary>
/// A system-wide publish/subscribe channel: subscribers get every published event assignable to the type they
/// subscribed to (dead letters, unhandled messages, or anything an application publishes).
/// </summary>
public sealed class EventStream
{
    // Copy-on-write: publishing (frequent) reads a snapshot without locking; subscribing (rare) swaps the array.
    private (IActorRef Subscriber, Type Channel)[] _subscriptions = Array.Empty<(IActorRef, Type)>();
    private readonly object _gate = new();

    public void Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            if (!_subscriptions.Contains((subscriber, channel)))
            {
                _subscriptions = _subscriptions.Append((subscriber, channel)).ToArray();
            }
        }
    }

    /// <summary>Removes <paramref name="subscriber"/> from <paramref name="channel"/>, or from every channel when it is null.</summary>
    public void Unsubscribe(IActorRef subscriber, Type? channel = null)
    {
        // Every stopping actor unsubscribes; most never subscribed, so look before taking the lock.
        if (!Volatile.Read(ref _subscriptions).Any(s => ReferenceEquals(s.Subscriber, subscriber)))
        {
            return;
        }

        lock (_gate)
        {
            _subscriptions = _subscriptions
                .Where(s => !(ReferenceEquals(s.Subscriber, subscriber) && (channel is null || s.Channel == channel)))
                .ToArray();
        }
    }

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var (subscriber, channel) in Volatile.Read(ref _subscriptions))
        {
            if (channel.IsInstanceOfType(@event))
            {
                subscriber.Tell(@event, null);
            }
        }
    }
}
