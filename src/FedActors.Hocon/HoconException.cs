namespace FedActors.Hocon;

/// <summary>
/// A configuration error a user can cause: bad syntax, an unresolvable substitution, a missing include or a value of
/// the wrong type. The message always starts with <c>file:line:column: </c> when the position is known.
/// </summary>
public sealed class HoconException : Exception
{
    public HoconException(HoconPosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Where the problem is.</summary>
    public HoconPosition Position { get; }

    /// <summary>The message without its position prefix.</summary>
    public string Reason { get; }
}
