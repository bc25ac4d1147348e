using System.Threading;

namespace FedActors.Hocon;

/// <summary>
/// A parsed but unresolved value. Nodes are immutable once the parser is done with them; each has an id, because
/// the resolver memoizes and detects cycles per node instance (spec: "Memoization should be keyed by the
/// substitution instance").
/// </summary>
internal abstract class Node
{
    private static int s_nextId;

    protected Node(HoconPosition position)
    {
        Position = position;
        Id = Interlocked.Increment(ref s_nextId);
    }

    public HoconPosition Position { get; }

    public int Id { get; }
}
