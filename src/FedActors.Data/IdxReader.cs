using System.Buffers.Binary;

namespace FedActors.Data;

/// <summary>
/// Reads the IDX format of the original MNIST files: a magic number (0x0000 08 NN: unsigned bytes, NN dimensions),
/// big-endian dimension sizes, then the bytes. Truncated or malformed files are refused with what was expected.
/// </summary>
public static class IdxReader
{
    /// <summary>The dimensions and the raw bytes of an IDX file of unsigned bytes with <paramref name="dimensions"/> dimensions.</summary>
    public static (int[] Shape, byte[] Data) Read(string path, int dimensions)
    {
        if (!File.Exists(path))
        {
            throw new DataException($"{path}: missing; {DataCache.FetchHint}");
        }

        var bytes = File.ReadAllBytes(path);
        var header = 4 + 4 * dimensions;
        if (bytes.Length < header)
        {
            throw new DataException($"{path}: truncated: {bytes.Length} bytes is shorter than an IDX header of {header}; {DataCache.FetchHint}");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var expectedMagic = 0x0800 | dimensions;
        if (magic != expectedMagic)
        {
            throw new DataException($"{path}: not an IDX file of {dimensions}-dimensional unsigned bytes (magic 0x{magic:X8}, expected 0x{expectedMagic:X8}); {DataCache.FetchHint}");
        }

        var shape = new int[dimensions];
        long size = 1;
        for (var i = 0; i < dimensions; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (shape[i] <= 0)
            {
                throw new DataException($"{path}: dimension {i} has size {shape[i]}; {DataCache.FetchHint}");
            }

            size *= shape[i];
        }

        if (bytes.Length != header + size)
        {
            throw new DataException($"{path}: {(bytes.Length < header + size ? "truncated" : "too long")}: {bytes.Length} bytes, expected {header + size} for {string.Join('x', shape)}; {DataCache.FetchHint}");
        }

        return (shape, bytes[header..]);
    }
}
