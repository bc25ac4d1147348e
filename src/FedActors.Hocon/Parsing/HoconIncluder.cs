namespace FedActors.Hocon;

/// <summary>
/// Finds and parses included files. Spec: "if the included file is a relative path, then it should be located
/// relative to the directory containing the including file. The current working directory of the process parsing a
/// file must NOT be used"; "If an included file does not exist, the include statement should be silently ignored";
/// <c>required(...)</c> turns a missing file into an error.
/// </summary>
internal sealed class HoconIncluder
{
    private readonly Stack<string> _open = new();
    private readonly string? _stringBaseDirectory;
    private readonly HashSet<string> _fileOrigins = new(StringComparer.Ordinal);

    /// <param name="stringBaseDirectory">Where relative includes of a document parsed from a string are looked up; null forbids them.</param>
    public HoconIncluder(string? stringBaseDirectory)
    {
        _stringBaseDirectory = stringBaseDirectory;
    }

    /// <summary>Parses a top-level file.</summary>
    public ObjectNode ParseFile(string path)
    {
        var full = Path.GetFullPath(path);
        _fileOrigins.Add(path);
        _open.Push(full);
        try
        {
            return HoconParser.ParseDocument(ReadText(path, HoconPosition.OfOrigin(path)), path, this, HoconPath.Root);
        }
        finally
        {
            _open.Pop();
        }
    }

    public ObjectNode Include(string name, bool required, string fromOrigin, HoconPosition at, HoconPath? path)
    {
        if (name.Length == 0)
        {
            throw new HoconException(at, "include needs a file name, found \"\"");
        }

        string candidateBase;
        if (Path.IsPathRooted(name))
        {
            candidateBase = name;
        }
        else if (_fileOrigins.Contains(fromOrigin))
        {
            candidateBase = Path.Join(Path.GetDirectoryName(fromOrigin), name);
        }
        else if (_stringBaseDirectory is not null)
        {
            candidateBase = Path.Join(_stringBaseDirectory, name);
        }
        else
        {
            throw new HoconException(at, $"cannot include \"{name}\": {fromOrigin} is not a file, so a relative include has nothing to be relative to");
        }

        // Spec: "If a filename has no extension, the implementation should treat it as a basename and try loading
        // the file with all known extensions"; "Files in HOCON format should be parsed last."
        var candidates = Path.HasExtension(name)
            ? new[] { candidateBase }
            : new[] { candidateBase + ".json", candidateBase + ".conf" };
        var found = candidates.Where(File.Exists).ToList();
        if (found.Count == 0)
        {
            if (required)
            {
                throw new HoconException(at, $"required include \"{name}\" not found (looked for {string.Join(" and ", candidates)})");
            }

            return new ObjectNode(at);
        }

        var merged = new ObjectNode(at);
        foreach (var file in found)
        {
            var full = Path.GetFullPath(file);
            if (_open.Contains(full))
            {
                throw new HoconException(at, $"include cycle: {file} includes itself (through {string.Join(" <- ", _open)})");
            }

            _fileOrigins.Add(file);
            _open.Push(full);
            try
            {
                var document = HoconParser.ParseDocument(ReadText(file, at), file, this, path);
                foreach (var key in document.Keys)
                {
                    foreach (var definition in document.DefinitionsOf(key))
                    {
                        merged.Add(key, definition);
                    }
                }
            }
            finally
            {
                _open.Pop();
            }
        }

        return merged;
    }

    private static string ReadText(string path, HoconPosition at)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            // Spec: "files must be valid UTF-8".
            return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new HoconException(HoconPosition.OfOrigin(path), "the file is not valid UTF-8");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw at.Line > 0
                ? new HoconException(at, $"{path}: no such file")
                : new HoconException(HoconPosition.OfOrigin(path), "no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoconException(HoconPosition.OfOrigin(path), $"cannot read the file: {e.Message}");
        }
    }
}
