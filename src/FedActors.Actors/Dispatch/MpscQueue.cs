namespace FedActors.Actors;

/// <summary>
/// An unbounded multi-producer, single-consumer FIFO queue (Vyukov's intrusive-node design). Chosen over
/// <c>ConcurrentQueue</c> because an empty one costs two small objects, which keeps idle actors cheap; each message
/// costs one node.
/// </summary>
/// <remarks>
/// Producers swap themselves in as the head with one atomic exchange and then link the previous head to their node;
/// the exchange is the linearization point, so messages from one producer keep their order. Between the exchange and
/// the link the consumer may briefly see the queue as empty; the mailbox copes because producers schedule the actor
/// only after linking.
/// </remarks>
internal sealed class MpscQueue<T>
{
    private Node _head;
    private Node _tail;

    public MpscQueue()
    {
        _head = _tail = new Node(default!);
    }

    /// <summary>True when the consumer would find nothing to dequeue now.</summary>
    public bool IsEmpty => Volatile.Read(ref _tail.Next) is null;

    /// <summary>Any thread.</summary>
    public void Enqueue(T item)
    {
        var node = new Node(item);
        var previous = Interlocked.Exchange(ref _head, node);
        Volatile.Write(ref previous.Next, node);
    }

    /// <summary>Only the consumer.</summary>
    public bool TryDequeue(out T item)
    {
        var tail = _tail;
        var next = Volatile.Read(ref tail.Next);
        if (next is null)
        {
            item = default!;
            return false;
        }

        item = next.Item;
        next.Item = default!;
        _tail = next;

        // Unlink the consumed node. Its Next was written once, by the producer that linked `next`, and no producer
        // touches it again, so this is safe. Left linked, every consumed node would keep its successor reachable:
        // once one of them is promoted to an older generation, the GC treats the whole chain of messages queued
        // since as live, promoting every message node of a busy mailbox (gen0 collections then cost in proportion
        // to the messages sent, not to what survives).
        tail.Next = null;
        return true;
    }

    private sealed class Node(T item)
    {
        public T Item = item;
        public Node? Next;
    }
}
