using Xunit;

namespace FedActors.Actors.TestKit;

/// <summary>
/// A stand-in actor for tests: send it messages (or make it the sender of messages to the actor under test) and
/// assert what it received, with timeouts instead of sleeps.
/// </summary>
public sealed class TestProbe
{
    private readonly ProbeRef _ref;
    private readonly ActorSystem _system;

    internal TestProbe(ActorSystem system, string name)
    {
        _system = system;
        _ref = new ProbeRef($"fedactors://{system.Name}/system/{name}");
    }

    /// <summary>
    /// How long the Expect, ReceiveN, AwaitCondition and AwaitAssert methods wait when given no timeout: 10 s, so that
    /// a stall of a loaded machine does not fail a test (a wait ends as soon as what it waits for arrives).
    /// </summary>
    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IActorRef Ref => _ref;

    /// <summary>The sender of the last message received.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    public object? LastMessage { get; private set; }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as the sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, _ref);

    /// <summary>Replies to the sender of the last message received, with this probe as the sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, _ref);

    /// <summary>Sends the last message received on to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target) =>
        target.Tell(LastMessage ?? throw new InvalidOperationException("the probe has received nothing to forward"), LastSender);

    /// <summary>Watches <paramref name="actor"/>: its termination arrives as <see cref="Terminated"/>.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        if (actor is IInternalActorRef target)
        {
            target.SendSystemMessage(new Actors.Watch(target, _ref));
        }

        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        if (actor is IInternalActorRef target)
        {
            target.SendSystemMessage(new Actors.Unwatch(target, _ref));
        }

        return actor;
    }

    /// <summary>The next message, which must be a <typeparamref name="T"/> arriving within the timeout.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(_ => true, timeout);

    /// <summary>The next message, which must be a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null)
    {
        var wait = timeout ?? DefaultTimeout;
        var message = Receive(wait) ?? throw Failure($"timeout ({wait.TotalMilliseconds:0} ms) while waiting for a {typeof(T).Name}{Hint(hint)}");
        if (message is not T typed)
        {
            throw Failure($"expected a {typeof(T).Name}{Hint(hint)} but received {Describe(message)}");
        }

        if (!predicate(typed))
        {
            throw Failure($"received {Describe(message)}, which does not match the predicate{Hint(hint)}");
        }

        return typed;
    }

    /// <summary>The next message, which must equal <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull =>
        ExpectMsg<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Asserts that nothing arrives for <paramref name="duration"/> (100 ms by default).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var message = Receive(duration ?? TimeSpan.FromMilliseconds(100));
        if (message is not null)
        {
            throw Failure($"expected no message but received {Describe(message)}");
        }
    }

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="actor"/> (watch it first).</summary>
    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => ReferenceEquals(t.ActorRef, actor), timeout, $"for {actor.Path}");

    /// <summary>The next <paramref name="count"/> messages, whatever they are.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + wait;
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            var message = Receive(left > TimeSpan.Zero ? left : TimeSpan.Zero)
                ?? throw Failure($"timeout ({wait.TotalMilliseconds:0} ms) after {messages.Count} of {count} messages");
            messages.Add(message);
        }

        return messages;
    }

    internal object? Receive(TimeSpan timeout)
    {
        if (!_ref.Queue.TryTake(out var item, timeout))
        {
            return null;
        }

        LastMessage = item.Message;
        LastSender = item.Sender ?? _system.DeadLetters;
        return item.Message;
    }

    private static string Hint(string? hint) => hint is null ? string.Empty : $" ({hint})";

    private static string Describe(object message) => $"{message.GetType().Name} {message}";

    private Exception Failure(string message)
    {
        Assert.Fail($"{_ref.Path}: {message}");
        return new InvalidOperationException("unreachable");
    }
}
