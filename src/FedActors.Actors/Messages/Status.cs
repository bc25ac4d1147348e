namespace FedActors.Actors;

/// <summary>Replies that carry the outcome of an operation; <see cref="Failure"/> fails an <c>Ask</c>.</summary>
public static class Status
{
    public sealed record Success(object? Value);

    public sealed record Failure(Exception Cause);
}
