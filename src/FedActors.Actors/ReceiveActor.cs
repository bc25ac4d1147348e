namespace FedActors.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor
/// (<c>Receive&lt;SubmitUpdate&gt;(HandleSubmitUpdate)</c>). The first handler whose type and predicate match wins.
/// <see cref="Become"/> swaps the whole list for another; <see cref="BecomeStacked"/>/<see cref="Unbecome"/> push and pop.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly List<HandlerList> _behaviors = new() { new HandlerList() };
    private HandlerList _configuring;

    protected ReceiveActor()
    {
        _configuring = _behaviors[0];
    }

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _configuring.Add(HandlerList.Typed(handler, shouldHandle));
    }

    /// <summary>Handles the <typeparamref name="T"/> messages that match <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Receive(handler, shouldHandle);

    /// <summary>A handler that may decline a message by returning false.</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _configuring.Add(message => message is T typed && handler(typed));
    }

    /// <summary>
    /// An async handler. The actor takes no other user message until the returned task completes; continuations after
    /// <c>await</c> run inside the actor (with <c>Sender</c> still the message's sender), unless the handler uses
    /// <c>ConfigureAwait(false)</c>. A faulted task is a failure of the actor, handled by its supervisor.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _configuring.Add(message =>
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                RunTask(() => handler(typed));
                return true;
            }

            return false;
        });
    }

    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _configuring.Add(message =>
        {
            handler(message);
            return true;
        });
    }

    /// <summary>Replaces the current behaviour with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => _behaviors[^1] = Configure(configure);

    /// <summary>Pushes a behaviour; <see cref="Unbecome"/> returns to the one below.</summary>
    protected void BecomeStacked(Action configure) => _behaviors.Add(Configure(configure));

    /// <summary>Pops the behaviour pushed last by <see cref="BecomeStacked"/>; the initial behaviour is never popped.</summary>
    protected void Unbecome()
    {
        if (_behaviors.Count > 1)
        {
            _behaviors.RemoveAt(_behaviors.Count - 1);
        }
    }

    protected internal sealed override bool Receive(object message) => _behaviors[^1].Handle(message);

    private HandlerList Configure(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _configuring;
        _configuring = new HandlerList();
        try
        {
            configure();
            return _configuring;
        }
        finally
        {
            _configuring = previous;
        }
    }
}
