using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace FedActors.Torch;

/// <summary>
/// Reusable float arrays of exact lengths, for the vectors a round makes by the thousand: trained states, which
/// clients turn into their updates in place. A trainer rents one per result; whoever ends the vector's life (the
/// aggregator, once the round it belongs to is over) hands it back with <see cref="Release"/>, so a run's rounds reuse
/// the same K arrays instead of allocating K new large-object-heap arrays (and faulting in their pages) every round.
/// </summary>
/// <remarks>
/// A rented array's contents are unspecified: the renter overwrites every value. Only arrays a pool rented out, and
/// have not come back yet, are taken back (a second release of one array, or an array no pool rented, is ignored), so
/// a release can never make two owners share an array. A pool keeps at most <see cref="MaxRetainedBytes"/> of free
/// arrays; the rest go to the garbage collector. Arrays rented and never released are simply collected.
/// </remarks>
public sealed class VectorPool
{
    private static readonly ConditionalWeakTable<float[], VectorPool> Owners = new();

    private readonly ConcurrentDictionary<int, ConcurrentStack<float[]>> _free = new();
    private long _retainedBytes;
    private long _allocated;
    private long _reused;

    /// <param name="maxRetainedBytes">How many bytes of free arrays the pool keeps for reuse.</param>
    public VectorPool(long maxRetainedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedBytes);
        MaxRetainedBytes = maxRetainedBytes;
    }

    /// <summary>
    /// The pool trainers use unless given another. It keeps up to half the memory the garbage collector may use (the
    /// machine's, or the container's limit) in free arrays, at least 1 GiB: a round's updates are released together
    /// and rented again by the next round, so keeping them all costs no memory the round did not already need, while a
    /// smaller cap would drop the rest to the collector and allocate them again (K = 1,000 <c>cnn-mnist</c> updates are
    /// 6.7 GB).
    /// </summary>
    public static VectorPool Shared { get; } = new(Math.Max(1L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2));

    public long MaxRetainedBytes { get; }

    /// <summary>Bytes of free arrays held for reuse now.</summary>
    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    /// <summary>Arrays this pool had to allocate (a rent with no free array of the length).</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>Rents served by a released array.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>An array of exactly <paramref name="length"/> floats with unspecified contents.</summary>
    public float[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
        {
            Interlocked.Add(ref _retainedBytes, -Bytes(array));
            Interlocked.Increment(ref _reused);
        }
        else
        {
            // On the pinned object heap: a pooled array lives for the whole run, so the collector should never
            // copy it, as it would copy an array under the large-object threshold from generation to generation.
            array = GC.AllocateUninitializedArray<float>(length, pinned: true);
            Interlocked.Increment(ref _allocated);
        }

        Owners.AddOrUpdate(array, this);
        return array;
    }

    /// <summary>
    /// Hands <paramref name="array"/> back to the pool that rented it, which reuses it; the caller and everyone it
    /// shared the array with must be done with it. Returns false, and does nothing, for an array no pool has out.
    /// </summary>
    public static bool Release(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!Owners.TryGetValue(array, out var owner) || !Owners.Remove(array))
        {
            return false;
        }

        owner.Keep(array);
        return true;
    }

    /// <summary>Whether <paramref name="array"/> is out of a pool: rented and not yet released, so its renter owns it alone.</summary>
    public static bool IsRented(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return Owners.TryGetValue(array, out _);
    }

    private void Keep(float[] array)
    {
        var bytes = Bytes(array);
        if (Interlocked.Add(ref _retainedBytes, bytes) > MaxRetainedBytes)
        {
            Interlocked.Add(ref _retainedBytes, -bytes);
            return;
        }

        _free.GetOrAdd(array.Length, _ => new ConcurrentStack<float[]>()).Push(array);
    }

    private static long Bytes(float[] array) => (long)array.Length * sizeof(float);
}
