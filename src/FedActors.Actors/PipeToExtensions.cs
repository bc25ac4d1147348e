namespace FedActors.Actors;

public static class PipeToExtensions
{
    /// <summary>
    /// When the task completes, sends its result (or <paramref name="success"/>'s mapping of it) to
    /// <paramref name="recipient"/>; a failure is sent as <see cref="Status.Failure"/> (or <paramref name="failure"/>'s mapping).
    /// The usual way to bring the result of async work back into an actor.
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null,
        Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(
            completed => Deliver(completed, recipient, sender, () => success is null ? completed.Result! : success(completed.Result), failure),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>As <see cref="PipeTo{T}"/> for a task without result; success sends <see cref="Status.Success"/> by default.</summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null,
        Func<object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(
            completed => Deliver(completed, recipient, sender, () => success is null ? new Status.Success(null) : success(), failure),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void Deliver(Task completed, IActorRef recipient, IActorRef? sender, Func<object> success, Func<Exception, object>? failure)
    {
        if (completed.IsCompletedSuccessfully)
        {
            recipient.Tell(success(), sender);
        }
        else
        {
            var cause = Unwrap(completed);
            recipient.Tell(failure is null ? new Status.Failure(cause) : failure(cause), sender);
        }
    }

    private static Exception Unwrap(Task task) =>
        task.IsCanceled
            ? new TaskCanceledException(task)
            : task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
}
