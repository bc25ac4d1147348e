namespace FedActors.Hocon.Tests;

/// <summary>Shorthands for the spec tests: load a snippet with no environment, render it, or capture its error.</summary>
internal static class HoconTestHelpers
{
    public static readonly Func<string, string?> NoEnvironment = _ => null;

    public static Config Load(string hocon) => ConfigurationFactory.Load(hocon, NoEnvironment);

    public static string Json(string hocon) => Load(hocon).ToJson(indented: false);

    public static HoconException Error(string hocon) => Assert.Throws<HoconException>(() => Load(hocon));
}
