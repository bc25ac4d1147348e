using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FedActors.Cli.Defend;

/// <summary>
/// The update vectors <c>fedactors defend</c> reads: CSV with one update per line (<c>client_id,v1,v2,...</c>; blank
/// lines and lines starting with <c>#</c> skipped), or a NumPy <c>.npy</c> file of float32 K×D (client ids 0..K−1).
/// Every update must be finite and of the same length; a bad file is an <see cref="InvalidDataException"/> naming
/// the file and, for CSV, the line.
/// </summary>
public static partial class UpdateFile
{
    public static IReadOnlyList<(int ClientId, float[] Update)> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file");
        }

        var updates = path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadCsv(path);
        if (updates.Count == 0)
        {
            throw new InvalidDataException($"{path}: no updates");
        }

        return updates;
    }

    private static List<(int, float[])> ReadCsv(string path)
    {
        var updates = new List<(int, float[])>();
        var ids = new HashSet<int>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length < 2)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected client_id,v1,v2,... but found {fields.Length} field");
            }

            if (!int.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: the client id '{fields[0].Trim()}' is not a whole number ≥ 0");
            }

            if (!ids.Add(id))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: client {id} appears twice");
            }

            var values = new float[fields.Length - 1];
            for (var j = 1; j < fields.Length; j++)
            {
                if (!float.TryParse(fields[j].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: value {j} of client {id}, '{fields[j].Trim()}', is not a finite number");
                }

                values[j - 1] = value;
            }

            if (updates.Count > 0 && updates[0].Item2.Length != values.Length)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: client {id} has {values.Length} values, the first update {updates[0].Item2.Length}");
            }

            updates.Add((id, values));
        }

        return updates;
    }

    private static List<(int, float[])> ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(magic))
        {
            throw new InvalidDataException($"{path}: not a .npy file (no \\x93NUMPY magic)");
        }

        var major = bytes[6];
        int headerLength, headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
            headerStart = 10;
        }
        else if (major is 2 or 3 && bytes.Length >= 12)
        {
            headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
            headerStart = 12;
        }
        else
        {
            throw new InvalidDataException($"{path}: .npy version {major} is not supported");
        }

        if (headerStart + headerLength > bytes.Length)
        {
            throw new InvalidDataException($"{path}: the .npy header is cut short");
        }

        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        var descr = DescrPattern().Match(header);
        if (!descr.Success || descr.Groups[1].Value is not ("<f4" or "f4"))
        {
            throw new InvalidDataException($"{path}: expected float32 little-endian ('<f4') data, the header says {(descr.Success ? descr.Groups[1].Value : "nothing")}");
        }

        if (FortranPattern().IsMatch(header))
        {
            throw new InvalidDataException($"{path}: Fortran-ordered arrays are not supported; save it C-ordered");
        }

        var shape = ShapePattern().Match(header);
        var dims = shape.Success
            ? shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray()
            : [];
        if (dims.Length != 2 || dims[0] < 1 || dims[1] < 1)
        {
            throw new InvalidDataException($"{path}: expected a 2-D K×D array, the shape is ({(shape.Success ? shape.Groups[1].Value : "?")})");
        }

        var (k, d) = (dims[0], dims[1]);
        var dataStart = headerStart + headerLength;
        if (bytes.Length - dataStart != k * d * sizeof(float))
        {
            throw new InvalidDataException($"{path}: {k}×{d} float32 values need {k * d * sizeof(float)} bytes, the file has {bytes.Length - dataStart}");
        }

        var updates = new List<(int, float[])>((int)k);
        for (var i = 0; i < k; i++)
        {
            var values = new float[d];
            for (var j = 0; j < d; j++)
            {
                values[j] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + (int)(((i * d) + j) * sizeof(float))));
                if (!float.IsFinite(values[j]))
                {
                    throw new InvalidDataException($"{path}: value {j + 1} of client {i} is {values[j]}, not finite");
                }
            }

            updates.Add((i, values));
        }

        return updates;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*True")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
