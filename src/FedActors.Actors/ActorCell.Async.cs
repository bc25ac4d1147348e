namespace FedActors.Actors;

/// <summary>
/// <c>ReceiveAsync</c>: while a handler's task is pending the cell takes no user messages; its continuations are
/// posted back as system messages and run inside the actor, with the message's sender restored.
/// </summary>
internal sealed partial class ActorCell
{
    private Task? _pendingTask;
    private Envelope _taskEnvelope;
    private ActorSynchronizationContext? _synchronizationContext;

    internal void RunTask(Func<Task> handler)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext ??= new ActorSynchronizationContext(this));
        Task task;
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            // Rethrows a synchronous failure, which fails the actor like any handler exception.
            task.GetAwaiter().GetResult();
            return;
        }

        _pendingTask = task;
        _taskEnvelope = _current;
        task.ContinueWith(
            static (completed, state) => ((ActorCell)state!).SendSystemMessage(new AsyncHandlerCompleted(completed)),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void RunContinuationInside(RunContinuation continuation)
    {
        var saved = _current;
        var previous = SynchronizationContext.Current;
        _current = _taskEnvelope;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            _current = saved;
        }
    }

    private void HandleTaskCompleted(Task task)
    {
        // A task of an instance that has since been restarted or stopped no longer concerns the cell.
        if (!ReferenceEquals(task, _pendingTask))
        {
            return;
        }

        _pendingTask = null;
        if (!task.IsCompletedSuccessfully)
        {
            _current = _taskEnvelope;
            Fail(task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception);
        }
    }

    private sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => cell.SendSystemMessage(new RunContinuation(d, state));

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("Synchronous Send into an actor would deadlock; use Post.");

        public override SynchronizationContext CreateCopy() => this;
    }
}
