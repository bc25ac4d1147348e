namespace FedActors.Hocon;

/// <summary>Entry points for reading HOCON, named after Akka.NET's <c>ConfigurationFactory</c>.</summary>
public static class ConfigurationFactory
{
    /// <summary>Parses a file (and what it includes, relative to the file). The result is unresolved: combine fallbacks, then call <see cref="Config.Resolve"/>.</summary>
    public static Config ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var root = new HoconIncluder(stringBaseDirectory: null).ParseFile(path);
        return new Config(new Node[] { root }, path);
    }

    /// <summary>Parses HOCON text. <paramref name="origin"/> names it in error messages; relative includes are looked up in <paramref name="includeDirectory"/>, and are an error when it is null.</summary>
    public static Config ParseString(string hocon, string origin = "string", string? includeDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(hocon);
        var root = HoconParser.ParseDocument(hocon, origin, new HoconIncluder(includeDirectory), HoconPath.Root);
        return new Config(new Node[] { root }, origin);
    }

    /// <summary>Parses and resolves HOCON text in one step (for tests and small snippets).</summary>
    public static Config Load(string hocon, Func<string, string?>? environment = null) =>
        ParseString(hocon).Resolve(environment);
}
