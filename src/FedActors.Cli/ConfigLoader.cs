using System.Reflection;
using FedActors.Hocon;

namespace FedActors.Cli;

/// <summary>Loads an experiment configuration the way every verb does: <c>--set</c> overrides over the file over the embedded reference.conf.</summary>
public static class ConfigLoader
{
    private const string ReferenceResource = "FedActors.reference.conf";

    /// <summary>The embedded <c>hocon/reference.conf</c>: every key with its default.</summary>
    public static Config Reference()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ReferenceResource)
            ?? throw new InvalidOperationException($"the resource {ReferenceResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd(), "reference.conf");
    }

    /// <summary>
    /// Parses <paramref name="file"/> with each <c>key=value</c> override on top (later overrides win), optionally
    /// over the reference defaults, and resolves the result.
    /// </summary>
    public static Config Load(string file, IReadOnlyList<string> overrides, bool withReference)
    {
        var config = ConfigurationFactory.ParseFile(file);
        foreach (var setting in overrides)
        {
            // An override is a one-line HOCON document, so `a.b=7`, `a.b = [1, 2]` and `a { b = 7 }` all work.
            config = ConfigurationFactory.ParseString(setting, $"--set '{setting}'").WithFallback(config);
        }

        if (withReference)
        {
            config = config.WithFallback(Reference());
        }

        return config.Resolve();
    }
}
