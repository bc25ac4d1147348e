namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, section "Substitutions".</summary>
public sealed class SubstitutionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static string Json(string hocon, Func<string, string?>? environment = null) =>
        ConfigurationFactory.ParseString(hocon).Resolve(environment ?? NoEnvironment).ToJson(indented: false);

    private static HoconException ResolveError(string hocon) =>
        Assert.Throws<HoconException>(() => ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment));

    [Fact]
    public void Paths_are_absolute_from_the_root_not_relative_to_the_enclosing_object()
    {
        // Spec: "The path begins with the root configuration object, i.e. it is "absolute" rather than "relative.""
        // Arrange
        const string hocon = """
            x : root
            a : { x : inner, y : ${x}, z : ${a.x} }
            """;

        // Act
        var json = Json(hocon);

        // Assert
        Assert.Equal("""{"a":{"x":"inner","y":"root","z":"inner"},"x":"root"}""", json);
    }

    [Fact]
    public void A_substitution_can_look_forward_in_the_configuration()
    {
        // Spec: "Substitution processing is performed as the last parsing step, so a substitution can look forward
        // in the configuration."
        const string hocon = """
            a : ${b.c}
            b : { c : 42 }
            """;

        Assert.Equal("""{"a":42,"b":{"c":42}}""", Json(hocon));
    }

    [Theory]
    // "the last non-object value that was set"
    [InlineData("a : ${b}\nb : 1\nb : 2", """{"a":2,"b":2}""")]
    // "it will evaluate to the merged object"
    [InlineData("a : ${b}\nb : { x : 1 }\nb : { y : 2 }", """{"a":{"x":1,"y":2},"b":{"x":1,"y":2}}""")]
    // a non-object in between hides the earlier object
    [InlineData("a : ${b}\nb : { x : 1 }\nb : 5\nb : { y : 2 }", """{"a":{"y":2},"b":{"y":2}}""")]
    public void A_key_specified_more_than_once_evaluates_to_its_latest_assigned_value(string hocon, string expected)
    {
        // Spec: "If a key has been specified more than once, the substitution will always evaluate to its
        // latest-assigned value (that is, it will evaluate to the merged object, or the last non-object value that
        // was set, in the entire document being parsed including all included files)."
        Assert.Equal(expected, Json(hocon));
    }

    [Theory]
    [InlineData("foo : ${?bar}", "{}")]
    [InlineData("foo : ${?bar}\nother : 1", """{"other":1}""")]
    [InlineData("a { foo : ${?bar} }", """{"a":{}}""")]
    public void An_undefined_optional_substitution_as_a_field_value_does_not_create_the_field(string hocon, string expected)
    {
        // Spec: "if it is the value of an object field then the field should not be created."
        Assert.Equal(expected, Json(hocon));
    }

    [Theory]
    [InlineData("foo : 1\nfoo : ${?bar}", """{"foo":1}""")]
    [InlineData("foo : { a : 1 }\nfoo : ${?bar}", """{"foo":{"a":1}}""")]
    [InlineData("foo : [1]\nfoo : ${?bar}\nfoo : ${?baz}", """{"foo":[1]}""")]
    public void An_undefined_optional_substitution_leaves_the_previous_value_in_place(string hocon, string expected)
    {
        // Spec: "If the field would have overridden a previously-set value for the same field, then the previous
        // value remains."
        Assert.Equal(expected, Json(hocon));
    }

    [Fact]
    public void An_undefined_optional_substitution_as_an_array_element_is_not_added()
    {
        // Spec: "if it is an array element then the element should not be added."
        const string hocon = """
            defined : 2
            a : [ 1, ${?nope}, ${?defined}, ${?nope}
                  3 ]
            """;

        Assert.Equal("""{"a":[1,2,3],"defined":2}""", Json(hocon));
    }

    [Theory]
    [InlineData("a : x${?bar}y", """{"a":"xy"}""")]
    [InlineData("a : ${?bar} tail", """{"a":" tail"}""")]
    [InlineData("a : [1] ${?bar} [2]", """{"a":[1,2]}""")]
    [InlineData("a : { x : 1 } ${?bar} { y : 2 }", """{"a":{"x":1,"y":2}}""")]
    public void An_undefined_optional_substitution_in_a_concatenation_becomes_empty(string hocon, string expected)
    {
        // Spec: "if it is part of a value concatenation with another string then it should become an empty string;
        // if part of a value concatenation with an object or array it should become an empty object or array."
        Assert.Equal(expected, Json(hocon));
    }

    [Theory]
    [InlineData("foo : ${?bar}${?baz}", "{}")]
    [InlineData("baz : z\nfoo : ${?bar}${?baz}", """{"baz":"z","foo":"z"}""")]
    [InlineData("bar : b\nfoo : ${?bar}${?baz}", """{"bar":"b","foo":"b"}""")]
    public void Two_optional_substitutions_create_the_field_only_if_one_is_defined(string hocon, string expected)
    {
        // Spec: "`foo : ${?bar}${?baz}` would also avoid creating the field if _both_ `bar` and `baz` are
        // undefined."
        Assert.Equal(expected, Json(hocon));
    }

    [Theory]
    [InlineData("a : 1\nb : foo ${missing}", 2, 9)]
    [InlineData("a {\n  b : [ 1, ${x.y} ]\n}", 2, 12)]
    [InlineData("a : ${?fine}\nb : ${gone}", 2, 5)]
    public void An_undefined_required_substitution_is_an_error_at_the_substitution(string hocon, int line, int column)
    {
        // Spec: "An undefined substitution with the `${foo}` syntax is invalid and should generate an error."
        var error = ResolveError(hocon);

        Assert.Equal("string", error.Position.Origin);
        Assert.Equal(line, error.Position.Line);
        Assert.Equal(column, error.Position.Column);
        Assert.Contains("could not resolve", error.Reason);
        Assert.StartsWith($"string:{line}:{column}: ", error.Message);
    }

    [Fact]
    public void A_value_set_to_null_is_not_looked_up_in_the_environment()
    {
        // Spec: "If a configuration sets a value to `null` then it should not be looked up in the external source."
        // Arrange
        Func<string, string?> environment = name => name == "x" ? "from-environment" : null;
        const string hocon = """
            x : null
            a : ${x}
            b : ${?x}
            """;

        // Act
        var json = Json(hocon, environment);

        // Assert
        Assert.Equal("""{"a":null,"b":null,"x":null}""", json);
    }

    [Fact]
    public void An_object_may_refer_to_a_path_within_itself()
    {
        // Spec: "Implementations must be careful to allow objects to refer to paths within themselves"
        const string hocon = """
            bar : { foo : 42,
                    baz : ${bar.foo}
                  }
            """;

        Assert.Equal("""{"bar":{"baz":42,"foo":42}}""", Json(hocon));
    }

    [Fact]
    public void A_substitution_that_is_the_whole_value_keeps_its_type()
    {
        // Spec: "If the substitution is the only part of a value, then the type is preserved."
        const string hocon = """
            n : 1.50
            t : true
            z : null
            s : text
            arr : [1, 2]
            obj : { k : v }
            copy { n : ${n}, t : ${t}, z : ${z}, s : ${s}, arr : ${arr}, obj : ${obj} }
            """;

        var config = ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment);

        Assert.Equal(
            """{"arr":[1,2],"n":1.50,"obj":{"k":"v"},"s":"text","t":true,"z":null}""",
            HoconJsonWriter.ToJson(config.GetValue("copy"), indented: false));
    }

    [Theory]
    [InlineData("n : 1.50\na : ${n} ms", "1.50 ms")]
    [InlineData("n : 1.50\nt : true\na : ${n}${t}", "1.50true")]
    [InlineData("z : null\na : x${z}", "xnull")]
    [InlineData("n : 42\na : \"\"${n}", "42")]
    public void A_substitution_with_other_values_is_concatenated_into_a_string(string hocon, string expected)
    {
        // Spec: "Otherwise, it is value-concatenated to form a string."
        var config = ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment);

        var value = Assert.IsType<HoconString>(config.GetValue("a"));
        Assert.Equal(expected, value.Value);
    }

    [Fact]
    public void Substitutions_are_not_parsed_inside_quoted_strings()
    {
        // Spec: "Substitutions are not parsed inside quoted strings."
        const string hocon = """"
            animal.favorite : cat
            literal : "${animal.favorite}"
            multi : """${animal.favorite}"""
            unquoted : ${animal.favorite} is my favorite animal
            quoted : ${animal.favorite}" is my favorite animal"
            """";

        var json = Json(hocon);

        Assert.Equal(
            """{"animal":{"favorite":"cat"},"literal":"${animal.favorite}","multi":"${animal.favorite}","quoted":"cat is my favorite animal","unquoted":"cat is my favorite animal"}""",
            json);
    }

    [Theory]
    [InlineData("${a} : 1", 1, 1, "not allowed in keys")]
    [InlineData("a : 1\nx.${a} : 1", 2, 3, "not allowed in keys")]
    [InlineData("a : 1\nx ${a} : 1", 2, 3, "not allowed in keys")]
    [InlineData("a : 1\nb : ${x${a}}", 2, 8, "nested")]
    public void Substitutions_are_not_allowed_in_keys_or_inside_other_substitutions(string hocon, int line, int column, string reason)
    {
        // Spec: "Substitutions are only allowed in field values and array elements (value concatenations), they are
        // not allowed in keys or nested inside other substitutions (path expressions)."
        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseString(hocon));

        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void The_question_mark_of_an_optional_substitution_must_follow_the_brace_directly()
    {
        // Spec: "The `?` in `${?pathexpression}` must not have whitespace before it; the three characters `${?` must
        // be exactly like that, grouped together."
        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseString("a : ${ ?b}"));

        Assert.Equal((1, 8), (error.Position.Line, error.Position.Column));
        Assert.Contains("'?'", error.Reason);
    }
}
