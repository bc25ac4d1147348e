namespace FedActors.Actors;

/// <summary>A behaviour: handlers tried in registration order until one takes the message.</summary>
internal sealed class HandlerList
{
    private Func<object, bool>[] _handlers = Array.Empty<Func<object, bool>>();

    public void Add(Func<object, bool> handler)
    {
        Array.Resize(ref _handlers, _handlers.Length + 1);
        _handlers[^1] = handler;
    }

    public bool Handle(object message)
    {
        foreach (var handler in _handlers)
        {
            if (handler(message))
            {
                return true;
            }
        }

        return false;
    }

    public static Func<object, bool> Typed<T>(Action<T> handler, Predicate<T>? shouldHandle) => message =>
    {
        if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
        {
            handler(typed);
            return true;
        }

        return false;
    };
}
