namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, section "Config object merging and file merging" (and the conventions on reference configs that rely on it).</summary>
public sealed class ConfigMergingTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static Config Parse(string hocon, string origin = "string") => ConfigurationFactory.ParseString(hocon, origin);

    private static string Merged(params string[] layersFirstPriorityFirst)
    {
        var config = Parse(layersFirstPriorityFirst[0]);
        foreach (var fallback in layersFirstPriorityFirst.Skip(1))
        {
            config = config.WithFallback(Parse(fallback));
        }

        return config.Resolve(NoEnvironment).ToJson(indented: false);
    }

    [Fact]
    public void An_intermediate_non_object_hides_earlier_object_values()
    {
        // Spec: "The result would be `{ a : { x : 1 } }`. The two objects are not merged because they are not
        // "adjacent"; the merging is done in pairs, and when `42` is paired with `{ y : 2 }`, `42` simply wins and
        // loses all information about what it overrode."
        var json = Merged("{ a : { x : 1 } }", "{ a : 42 }", "{ a : { y : 2 } }");

        Assert.Equal("""{"a":{"x":1}}""", json);
    }

    [Fact]
    public void Adjacent_objects_are_merged()
    {
        // Spec: "Now the result would be `{ a : { x : 1, y : 2 } }` because the two objects are adjacent."
        var json = Merged("{ a : { x : 1 } }", "{ a : { y : 2 } }", "{ a : 42 }");

        Assert.Equal("""{"a":{"x":1,"y":2}}""", json);
    }

    [Fact]
    public void Chained_and_nested_fallbacks_give_the_same_result()
    {
        // Spec: "the merging is done in pairs"
        var chained = Parse("{ a : { x : 1 } }").WithFallback(Parse("{ a : 42 }")).WithFallback(Parse("{ a : { y : 2 } }"));
        var nested = Parse("{ a : { x : 1 } }").WithFallback(Parse("{ a : 42 }").WithFallback(Parse("{ a : { y : 2 } }")));

        Assert.Equal(chained.Resolve(NoEnvironment).ToJson(indented: false), nested.Resolve(NoEnvironment).ToJson(indented: false));
        Assert.Equal("""{"a":{"x":1}}""", nested.Resolve(NoEnvironment).ToJson(indented: false));
    }

    [Theory]
    [InlineData("a : { x : 1, n : { p : 1 } }", "a : { y : 2, n : { q : 2 } }")]
    [InlineData("a : 1", "a : { x : 1 }")]
    [InlineData("a : { x : 1 }", "a : 1")]
    [InlineData("a : null\nb : [1]", "a : { x : 1 }\nb : [2]")]
    [InlineData("a : { z : 3 }", "a : null\na : { y : 2 }")]
    [InlineData("a : [2]\na : ${a} [3]", "a : [1]")]
    public void Merging_works_as_duplicate_keys_in_one_file(string primary, string fallback)
    {
        // Spec: "If such a method is provided, it should work as if the two objects were duplicate values for the
        // same key in the same file."
        // Arrange
        var oneFile = fallback + "\n" + primary;

        // Act
        var merged = Merged(primary, fallback);

        // Assert
        Assert.Equal(Parse(oneFile).Resolve(NoEnvironment).ToJson(indented: false), merged);
    }

    [Theory]
    [InlineData("a : { x : 1, n : { p : 1 } }", "a : { y : 2, n : { q : 2 } }", """{"a":{"n":{"p":1,"q":2},"x":1,"y":2}}""")]
    [InlineData("a : 1", "a : { x : 1 }", """{"a":1}""")]
    [InlineData("a : { x : 1 }", "a : 1", """{"a":{"x":1}}""")]
    [InlineData("a : { z : 3 }", "a : null\na : { y : 2 }", """{"a":{"y":2,"z":3}}""")]
    [InlineData("a : { z : 3 }", "a : { y : 2 }\na : null", """{"a":{"z":3}}""")]
    public void The_primary_wins_and_objects_merge_recursively(string primary, string fallback, string expected)
    {
        // Spec: "The one place where it matters, though, is that it allows you to "clear" an object and start over
        // by setting it to null and then setting it back to a new object."
        Assert.Equal(expected, Merged(primary, fallback));
    }

    [Fact]
    public void Substitutions_in_the_primary_resolve_against_the_fallback()
    {
        // Spec: "This means the application config can refer to the reference config in its substitutions."
        var json = Merged("a : ${b.c}\nd : ${?b.missing}", "b : { c : 1 }");

        Assert.Equal("""{"a":1,"b":{"c":1}}""", json);
    }

    [Fact]
    public void A_substitution_in_the_fallback_sees_the_primary_override()
    {
        // Spec: "If a configuration consists of multiple files, it may even end up retrieving a value from another
        // file." / "the substitution will always evaluate to its latest-assigned value"
        var json = Merged("b : 2\nonly-primary : p", "b : 1\nc : ${b}\nd : ${only-primary}");

        Assert.Equal("""{"b":2,"c":2,"d":"p","only-primary":"p"}""", json);
    }

    [Fact]
    public void A_self_reference_in_the_primary_refers_to_the_fallback_value()
    {
        // Spec: "When merging two objects, the self-reference in the overriding field refers to the overridden
        // field."
        var json = Merged("path : ${path} [ /usr/bin ]\nname : ${name}-app", "path : [ /bin ]\nname : base");

        Assert.Equal("""{"name":"base-app","path":["/bin","/usr/bin"]}""", json);
    }

    [Fact]
    public void A_resolved_reference_config_is_not_affected_by_the_application_config()
    {
        // Spec: "Substitutions in the reference config are not affected by any application configs, because the
        // reference config should be resolved by itself."
        // Arrange
        var reference = Parse("b : 1\nc : ${b}", "reference.conf").Resolve(NoEnvironment);
        var application = Parse("b : 2\na : ${c}", "application.conf");

        // Act
        var json = application.WithFallback(reference).Resolve(NoEnvironment).ToJson(indented: false);

        // Assert
        Assert.Equal("""{"a":1,"b":2,"c":1}""", json);
    }

    [Fact]
    public void An_undefined_substitution_is_reported_in_the_layer_that_wrote_it()
    {
        // Spec: "An undefined substitution with the `${foo}` syntax is invalid and should generate an error."
        var config = Parse("a : 1", "application.conf").WithFallback(Parse("x : 0\ny : ${nowhere}", "reference.conf"));

        var error = Assert.Throws<HoconException>(() => config.Resolve(NoEnvironment));

        Assert.Equal(new HoconPosition("reference.conf", 2, 5), error.Position);
        Assert.Contains("nowhere", error.Reason);
    }
}
