namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, section "Conversion of numerically-indexed objects to arrays".</summary>
public sealed class NumericallyIndexedObjectsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static Config Resolve(string hocon) => ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment);

    private static string ListJson(Config config, string path) =>
        HoconJsonWriter.ToJson(new HoconArray(config.GetList(path), HoconPosition.OfOrigin("test")), indented: false);

    [Theory]
    [InlineData("foo { \"0\" : \"a\", \"1\" : \"b\" }")]
    [InlineData("foo.0 = \"a\"\nfoo.1 = \"b\"")]
    [InlineData("foo.1 = b\nfoo.0 = a")]
    public void An_object_with_numeric_keys_can_be_read_as_a_list(string hocon)
    {
        // Spec: "implementations should support converting objects with numeric keys into arrays."
        var config = Resolve(hocon);

        Assert.Equal(new[] { "a", "b" }, config.GetStringList("foo"));
        Assert.Equal("""["a","b"]""", ListJson(config, "foo"));
    }

    [Fact]
    public void The_conversion_is_lazy_and_the_object_stays_an_object()
    {
        // Spec: "the conversion should be done lazily when required to avoid a type error, NOT eagerly anytime an
        // object has numeric keys."
        var config = Resolve("foo.0 = a\nfoo.1 = b");

        Assert.Equal("""{"foo":{"0":"a","1":"b"}}""", config.ToJson(indented: false));
        Assert.IsType<HoconObject>(config.GetValue("foo"));
        Assert.Equal("a", config.GetConfig("foo").GetString("0"));
    }

    [Theory]
    [InlineData("foo {}", 1, 5)]
    [InlineData("foo { a : 1, b : 2 }", 1, 5)]
    [InlineData("x : 0\nfoo { \"-1\" : a, \"x1\" : b }", 2, 5)]
    public void Objects_that_are_empty_or_have_no_integer_keys_are_not_converted(string hocon, int line, int column)
    {
        // Spec: "the conversion should not occur if the object is empty or has no keys which parse as positive
        // integers."
        var config = Resolve(hocon);

        var error = Assert.Throws<HoconException>(() => config.GetList("foo"));

        Assert.Equal(new HoconPosition("string", line, column), error.Position);
        Assert.Contains("foo must be a list", error.Reason);
    }

    [Fact]
    public void Keys_that_are_not_integers_are_ignored()
    {
        // Spec: "the conversion should ignore any keys which do not parse as positive integers."
        var config = Resolve("""
            foo { "0" : a, name : skipped, "1" : b, "-1" : negative, "1.5" : fraction, "" : empty }
            """);

        Assert.Equal(new[] { "a", "b" }, config.GetStringList("foo"));
    }

    [Theory]
    [InlineData("foo { \"10\" : c, \"2\" : b, \"0\" : a }", "a,b,c")]
    [InlineData("foo { \"0\" : a, \"2\" : b }", "a,b")]
    [InlineData("foo.7 = only", "only")]
    public void Elements_are_sorted_by_integer_value_and_gaps_are_removed(string hocon, string expected)
    {
        // Spec: "the conversion should sort by the integer value of each key and then build the array; if the integer
        // keys are "0" and "2" then the resulting array would have indices "0" and "1", i.e. missing indices in the
        // object are eliminated."
        var config = Resolve(hocon);

        Assert.Equal(expected.Split(','), config.GetStringList("foo"));
    }

    [Fact]
    public void Converted_elements_keep_their_types()
    {
        // Spec: "To provide some mechanism for this, implementations should support converting objects with numeric
        // keys into arrays." (the values become the elements as they are)
        var config = Resolve("""
            foo.0 = 1
            foo.1 = true
            foo.2 = { x : y }
            foo.3 = [ 2 ]
            foo.4 = null
            """);

        Assert.Equal("""[1,true,{"x":"y"},[2],null]""", ListJson(config, "foo"));
    }

    [Theory]
    [InlineData("b.0 = y\nb.1 = z\na = [x] ${b}")]
    [InlineData("b.0 = x\nb.1 = y\na = ${b} [z]")]
    [InlineData("a.0 = x\na.1 = y\na += z")]
    public void A_numerically_indexed_object_is_converted_in_a_concatenation_that_expects_a_list(string hocon)
    {
        // Spec: "the conversion should be done in a concatenation when a list is expected and an object with numeric
        // keys is found."
        var config = Resolve(hocon);

        Assert.Equal("""["x","y","z"]""", HoconJsonWriter.ToJson(config.GetValue("a"), indented: false));
    }

    [Fact]
    public void A_string_list_of_a_converted_object_with_an_object_element_names_the_path()
    {
        // Spec: "the conversion should be done when you would do an automatic type conversion (see the section
        // "Automatic type conversions" below)."
        var config = Resolve("foo.0 = a\nfoo.1 = { x : 1 }");

        var error = Assert.Throws<HoconException>(() => config.GetStringList("foo"));

        Assert.Equal(new HoconPosition("string", 2, 9), error.Position);
        Assert.Contains("foo must be a list of strings", error.Reason);
    }
}
