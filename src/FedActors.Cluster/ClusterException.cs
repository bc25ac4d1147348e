namespace FedActors.Cluster;

/// <summary>The broker cannot be used (unreachable, wrong credentials, missing vhost, mismatched queue): the message says which and what to do.</summary>
public sealed class ClusterException : Exception
{
    public ClusterException(string message)
        : base(message)
    {
    }

    public ClusterException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A message that cannot be read: bad framing, a missing or mistyped field, or a payload of the wrong size.</summary>
public sealed class MalformedMessageException : Exception
{
    public MalformedMessageException(string message)
        : base(message)
    {
    }
}
