namespace FedActors.Actors.Tests;

/// <summary>
/// Runs test-side load (senders, creators, blocked Tells) on dedicated threads: on a small machine, pool threads
/// busy in a test's loop or blocked on a gate would starve the actors, which run on the same pool.
/// </summary>
internal static class OwnThread
{
    public static Task Run(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
