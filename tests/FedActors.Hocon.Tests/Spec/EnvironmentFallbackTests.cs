namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, section "Substitution fallback to environment variables".</summary>
public sealed class EnvironmentFallbackTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    private static Config Resolve(string hocon, Func<string, string?> environment) =>
        ConfigurationFactory.ParseString(hocon).Resolve(environment);

    private static string Json(string hocon, Func<string, string?> environment) =>
        Resolve(hocon, environment).ToJson(indented: false);

    [Theory]
    [InlineData("home : ${HOME}", """{"home":"/home/ada"}""")]
    [InlineData("home : ${?HOME}", """{"home":"/home/ada"}""")]
    [InlineData("bin : ${HOME}/bin", """{"bin":"/home/ada/bin"}""")]
    [InlineData("paths : [ ${HOME}, ${?NOT_SET} ]", """{"paths":["/home/ada"]}""")]
    public void A_substitution_not_present_in_the_configuration_is_looked_up_in_the_environment(string hocon, string expected)
    {
        // Spec: "Recall that if a substitution is not present (not even set to `null`) within a configuration tree,
        // implementations may search for it from external sources. One such source could be environment
        // variables."
        Assert.Equal(expected, Json(hocon, Variables(("HOME", "/home/ada"))));
    }

    [Fact]
    public void A_value_present_in_the_configuration_wins_over_the_environment()
    {
        // Spec: "An application can explicitly block looking up a substitution in the environment by setting a value
        // in the configuration, with the same name as the environment variable."
        // Arrange
        var asked = new List<string>();
        Func<string, string?> environment = name =>
        {
            asked.Add(name);
            return "from-environment";
        };
        const string hocon = """
            HOME : /from/config
            home : ${HOME}
            """;

        // Act
        var json = Json(hocon, environment);

        // Assert
        Assert.Equal("""{"HOME":"/from/config","home":"/from/config"}""", json);
        Assert.DoesNotContain("HOME", asked);
    }

    [Fact]
    public void The_lookup_in_the_configuration_is_case_sensitive()
    {
        // Spec: "the lookup will be case sensitive all the way until the env variable fallback lookup is reached."
        const string hocon = """
            home : /lower/case/key
            value : ${HOME}
            """;

        Assert.Equal(
            """{"home":"/lower/case/key","value":"/home/ada"}""",
            Json(hocon, Variables(("HOME", "/home/ada"))));
    }

    [Theory]
    [InlineData("v : ${EMPTY}", """{"v":""}""")]
    [InlineData("v : ${?EMPTY}", """{"v":""}""")]
    [InlineData("v : [ ${?EMPTY} ]", """{"v":[""]}""")]
    [InlineData("v : old\nv : ${?EMPTY}", """{"v":""}""")]
    public void An_environment_variable_set_to_the_empty_string_is_kept_as_an_empty_string(string hocon, string expected)
    {
        // Spec: "env variables set to the empty string are kept as such (set to empty string, rather than undefined)"
        Assert.Equal(expected, Json(hocon, Variables(("EMPTY", ""))));
    }

    [Fact]
    public void A_missing_variable_is_still_an_error_at_the_substitution()
    {
        // Spec: "If a substitution does not match any value present in the configuration and is not resolved by an
        // external source, then it is undefined."
        var error = Assert.Throws<HoconException>(() => Resolve("a : 1\nb : x ${NOT_SET}", Variables(("HOME", "/h"))));

        Assert.Equal(new HoconPosition("string", 2, 7), error.Position);
        Assert.Contains("NOT_SET", error.Reason);
    }

    [Theory]
    [InlineData("HOME : null\nhome : ${HOME}", """{"HOME":null,"home":null}""")]
    [InlineData("HOME : null\nhome : ${?HOME}", """{"HOME":null,"home":null}""")]
    [InlineData("HOME : null\nbin : ${HOME}/bin", """{"HOME":null,"bin":"null/bin"}""")]
    public void Setting_a_key_to_null_blocks_the_environment_variable(string hocon, string expected)
    {
        // Spec: "You could set `HOME : null` in your root object to avoid expanding `${HOME}` from the environment,
        // for example."
        Assert.Equal(expected, Json(hocon, Variables(("HOME", "/home/ada"))));
    }

    [Fact]
    public void A_null_in_a_fallback_configuration_cannot_be_undone_by_the_primary()
    {
        // Spec: "Unfortunately there is no way to "undo" this in a later configuration file; if you have
        // `{ "HOME" : null }` in a root object, then `${HOME}` will never look at the environment variable."
        // Arrange
        var reference = ConfigurationFactory.ParseString("HOME : null", "reference.conf");
        var application = ConfigurationFactory.ParseString("home : ${?HOME}", "application.conf");

        // Act
        var json = application.WithFallback(reference).Resolve(Variables(("HOME", "/home/ada"))).ToJson(indented: false);

        // Assert
        Assert.Equal("""{"HOME":null,"home":null}""", json);
    }

    [Fact]
    public void Environment_values_are_strings_converted_by_the_getters()
    {
        // Spec: "environment variables always become a string value, though if an app asks for another type
        // automatic type conversion would kick in"
        // Arrange
        var environment = Variables(
            ("PORT", "8080"), ("RATE", "0.25"), ("VERBOSE", "yes"), ("TIMEOUT", "30s"), ("HEAP", "512K"));
        const string hocon = """
            port : ${PORT}
            rate : ${RATE}
            verbose : ${VERBOSE}
            timeout : ${TIMEOUT}
            heap : ${HEAP}
            """;

        // Act
        var config = Resolve(hocon, environment);

        // Assert
        Assert.Equal(
            """{"heap":"512K","port":"8080","rate":"0.25","timeout":"30s","verbose":"yes"}""",
            config.ToJson(indented: false));
        Assert.Equal(8080, config.GetInt("port"));
        Assert.Equal(8080L, config.GetLong("port"));
        Assert.Equal(0.25, config.GetDouble("rate"));
        Assert.True(config.GetBool("verbose"));
        Assert.Equal(TimeSpan.FromSeconds(30), config.GetDuration("timeout"));
        Assert.Equal(512L * 1024, config.GetBytes("heap"));
    }

    [Fact]
    public void An_environment_value_that_does_not_convert_is_an_error_at_the_substitution()
    {
        // Spec: "environment variables always become a string value, though if an app asks for another type
        // automatic type conversion would kick in"
        var config = Resolve("a : 1\nport : ${PORT}", Variables(("PORT", "eighty")));

        var error = Assert.Throws<HoconException>(() => config.GetInt("port"));

        Assert.Equal(new HoconPosition("string", 2, 8), error.Position);
        Assert.Contains("port", error.Reason);
        Assert.Contains("\"eighty\"", error.Reason);
    }
}
