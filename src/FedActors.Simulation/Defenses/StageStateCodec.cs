using System.Buffers;
using System.Buffers.Binary;

namespace FedActors.Simulation;

/// <summary>
/// Writes a stage's state (<see cref="StageDone.NewState"/>) as little-endian int32 counts and float64 vectors, each
/// vector preceded by its length.
/// </summary>
internal sealed class StageStateWriter
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public StageStateWriter Int(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.GetSpan(sizeof(int)), value);
        _bytes.Advance(sizeof(int));
        return this;
    }

    /// <summary>The vector's length, then its values, written straight into the buffer (grown once per vector).</summary>
    public StageStateWriter Doubles(double[] values)
    {
        Int(values.Length);
        var span = _bytes.GetSpan(values.Length * sizeof(double));
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(span[(i * sizeof(double))..], values[i]);
        }

        _bytes.Advance(values.Length * sizeof(double));
        return this;
    }

    public byte[] ToArray() => _bytes.WrittenSpan.ToArray();
}

/// <summary>
/// Reads what <see cref="StageStateWriter"/> wrote; a damaged state (cut short, a count that cannot fit, bytes left
/// over) is an <see cref="ArgumentException"/> naming the stage, so the stage fails the round with that reason.
/// </summary>
internal sealed class StageStateReader(byte[] bytes, string stage)
{
    private int _at;

    public int Int()
    {
        if (bytes.Length - _at < 4)
        {
            throw new ArgumentException($"the {stage} state is cut short");
        }

        var value = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(_at));
        _at += 4;
        return value;
    }

    /// <summary>A count of items of at least <paramref name="itemBytes"/> bytes each, checked against what is left.</summary>
    public int Count(int itemBytes = 4)
    {
        var value = Int();
        return value >= 0 && value <= (bytes.Length - _at) / itemBytes ? value : throw new ArgumentException($"the {stage} state has a bad count {value}");
    }

    public double[] Doubles()
    {
        var values = new double[Count(8)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(_at));
            _at += 8;
        }

        return values;
    }

    /// <summary>Throws when bytes are left over after the state.</summary>
    public void End()
    {
        if (_at != bytes.Length)
        {
            throw new ArgumentException($"the {stage} state has {bytes.Length - _at} bytes too many");
        }
    }
}
