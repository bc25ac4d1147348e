namespace FedActors.Actors;

public static class AskExtensions
{
    /// <summary>The timeout of an <see cref="Ask{T}"/> that names none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static long s_nextAsk;

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and waits for its reply. A <see cref="Status.Failure"/>
    /// reply throws its cause; a reply of another type than <typeparamref name="T"/> throws
    /// <see cref="InvalidCastException"/>; no reply within <paramref name="timeout"/> throws
    /// <see cref="AskTimeoutException"/>; <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        var wait = timeout ?? DefaultTimeout;
        var system = (receiver as LocalActorRef)?.Cell.System ?? ActorCell.Current?.System;
        var promise = new PromiseActorRef(system, $"fedactors://{system?.Name ?? "local"}/temp/ask-{Interlocked.Increment(ref s_nextAsk)}");
        receiver.Tell(message, promise);

        object reply;
        try
        {
            reply = await promise.Reply.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            promise.Cancel();
            throw new AskTimeoutException($"Ask to {receiver.Path} timed out after {wait.TotalMilliseconds:0} ms waiting for {typeof(T).Name} (message: {message.GetType().Name})");
        }
        catch (OperationCanceledException)
        {
            promise.Cancel();
            throw;
        }

        return reply switch
        {
            Status.Failure failure => throw failure.Cause,
            T typed => typed,
            _ => throw new InvalidCastException($"Ask to {receiver.Path} expected a {typeof(T).Name} reply but got {reply.GetType().Name}"),
        };
    }
}
