using System.Runtime.InteropServices;

namespace FedActors.Torch.Interop;

/// <summary>
/// Pins a list of arrays for a native call that takes an array of pointers (<c>T**</c>); a null array is a null
/// pointer. Disposing unpins them.
/// </summary>
internal sealed unsafe class PinnedArrays<T> : IDisposable
    where T : unmanaged
{
    private readonly GCHandle[] _handles;

    public PinnedArrays(IReadOnlyList<T[]?> arrays)
    {
        _handles = new GCHandle[arrays.Count];
        Pointers = new T*[arrays.Count];
        try
        {
            for (var i = 0; i < arrays.Count; i++)
            {
                if (arrays[i] is { } array)
                {
                    _handles[i] = GCHandle.Alloc(array, GCHandleType.Pinned);
                    Pointers[i] = (T*)_handles[i].AddrOfPinnedObject();
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Where each array lies while pinned (null for a null array); pass it with <c>fixed (T** p = Pointers)</c>.</summary>
    public T*[] Pointers { get; }

    public void Dispose()
    {
        foreach (var handle in _handles)
        {
            if (handle.IsAllocated)
            {
                handle.Free();
            }
        }
    }
}
