using FedActors.Hocon;
using FedActors.Simulation;

namespace FedActors.Cli;

/// <summary>The <c>--pipeline FILE|HOCON</c> value of <c>fedactors replay</c> and <c>fedactors defend</c>.</summary>
public static class PipelineOption
{
    /// <summary>
    /// A file when one exists at that path, otherwise inline HOCON; the list is read from
    /// <c>fedactors.defense.pipeline</c>, <c>defense.pipeline</c> or <c>pipeline</c>, whichever it has.
    /// </summary>
    /// <exception cref="HoconException">The text or file is not valid HOCON, or the pipeline is not valid.</exception>
    public static DefenseSettings Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var isFile = File.Exists(text);
        var config = (isFile ? ConfigurationFactory.ParseFile(text) : ConfigurationFactory.ParseString(text, "--pipeline")).Resolve();
        string[] paths = ["fedactors.defense.pipeline", "defense.pipeline", "pipeline"];
        var path = paths.FirstOrDefault(config.HasPath)
            ?? throw new HoconException(HoconPosition.OfOrigin(isFile ? text : "--pipeline"), "--pipeline must set pipeline = [ ... ] (or defense.pipeline, or fedactors.defense.pipeline)");
        return DefenseSettings.FromConfig(config, path);
    }
}
