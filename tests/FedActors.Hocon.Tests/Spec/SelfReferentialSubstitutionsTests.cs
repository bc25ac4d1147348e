namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, sections "Self-Referential Substitutions" and "Examples of Self-Referential Substitutions".</summary>
public sealed class SelfReferentialSubstitutionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static string Json(string hocon) =>
        ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment).ToJson(indented: false);

    private static HoconException ResolveError(string hocon) =>
        Assert.Throws<HoconException>(() => ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment));

    [Fact]
    public void A_new_value_can_be_based_on_the_older_value()
    {
        // Spec: "The idea is to allow a new value for a field to be based on the older value:"
        const string hocon = """
            path : "a:b:c"
            path : ${path}":d"
            """;

        Assert.Equal("""{"path":"a:b:c:d"}""", Json(hocon));
    }

    [Theory]
    [InlineData("a : x\na : ${a}bc", """{"a":"xbc"}""")]
    [InlineData("path : [ /bin ]\npath : ${path} [ /usr/bin ]", """{"path":["/bin","/usr/bin"]}""")]
    [InlineData("a : [ 1, 2 ]\na : ${a} [ 3, 4 ]", """{"a":[1,2,3,4]}""")]
    [InlineData("a : 1\na : ${a}\na : ${a}", """{"a":1}""")]
    public void Each_listed_self_referential_field_sees_the_value_below_it(string hocon, string expected)
    {
        // Spec: "Examples of self-referential fields:" (`a : ${a}`, `a : ${a}bc`, `path : ${path} [ /usr/bin ]`)
        Assert.Equal(expected, Json(hocon));
    }

    [Fact]
    public void A_self_referential_field_in_isolation_is_an_error()
    {
        // Spec: "In isolation (with no merges involved), a self-referential field is an error because the
        // substitution cannot be resolved:"
        var error = ResolveError("foo : ${foo} // an error");

        Assert.Equal((1, 7), (error.Position.Line, error.Position.Column));
        Assert.Contains("foo", error.Reason);
    }

    [Fact]
    public void A_self_reference_resolves_to_the_overridden_field()
    {
        // Spec: "Then `${foo}` resolves to `{ a : 1 }`, the value of the overridden field."
        const string hocon = """
            foo : { a : 1 }
            foo : ${foo}
            """;

        Assert.Equal("""{"foo":{"a":1}}""", Json(hocon));
    }

    [Fact]
    public void A_self_reference_before_any_value_is_an_error()
    {
        // Spec: "Here the `${foo}` self-reference comes before `foo` has a value, so it is undefined, exactly as if
        // the substitution referenced a path not found in the document."
        const string hocon = """
            foo : ${foo}
            foo : { a : 1 }
            """;

        var error = ResolveError(hocon);

        Assert.Equal((1, 7), (error.Position.Line, error.Position.Column));
    }

    [Theory]
    [InlineData("foo : ${?foo} // this field just disappears silently", "{}")]
    [InlineData("foo : ${?foo}\nbar : 1", """{"bar":1}""")]
    [InlineData("foo : 5\nfoo : ${?foo}", """{"foo":5}""")]
    public void An_optional_self_reference_does_not_create_a_cycle(string hocon, string expected)
    {
        // Spec: "as a result, the optional substitution syntax `${?foo}` does not create a cycle:"
        Assert.Equal(expected, Json(hocon));
    }

    [Theory]
    [InlineData("foo : ${does-not-exist}\nfoo : 42")]
    [InlineData("foo : ${foo}, foo : 42")]
    [InlineData("foo : { a : ${does-not-exist} }\nfoo : 42")]
    public void A_substitution_hidden_by_a_later_non_object_is_never_evaluated(string hocon)
    {
        // Spec: "If a substitution is hidden by a value that could not be merged with it (by a non-object value) then
        // it is never evaluated and no error will be reported."
        Assert.Equal("""{"foo":42}""", Json(hocon));
    }

    [Fact]
    public void A_self_reference_inside_a_path_expression_resolves_to_the_value_below()
    {
        // Spec: "Here, `${foo.a}` would refer to `{ c : 1 }` rather than `2` and so the final merge would be
        // `{ a : 2, c : 1 }`."
        const string hocon = """
            foo : { a : { c : 1 } }
            foo : ${foo.a}
            foo : { a : 2 }
            """;

        Assert.Equal("""{"foo":{"a":2,"c":1}}""", Json(hocon));
    }

    [Fact]
    public void A_reference_into_the_object_being_defined_looks_forward()
    {
        // Spec: "To make this clearer, `bar.baz` would be `43` in:"
        const string hocon = """
            bar : { foo : 42,
                    baz : ${bar.foo}
                  }
            bar : { foo : 43 }
            """;

        Assert.Equal("""{"bar":{"baz":43,"foo":43}}""", Json(hocon));
    }

    [Fact]
    public void Object_referring_to_a_field_of_itself_is_not_a_cycle()
    {
        // Spec: "something like `a={ x : 42, y : ${a.x} }` would look backward for a nonexistent `a` while resolving
        // `${a.x}`" (if looking backward were allowed for it; it must look forward instead)
        Assert.Equal("""{"a":{"x":42,"y":42}}""", Json("a={ x : 42, y : ${a.x} }"));
    }

    [Fact]
    public void Mutually_referring_objects_look_forward()
    {
        // Spec: "Mutually-referring objects should also work, and are not self-referential (so they look forward):"
        const string hocon = """
            // bar.a should end up as 4
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            // foo.c should end up as 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """;

        Assert.Equal("""{"bar":{"a":4,"b":3},"foo":{"c":3,"d":4}}""", Json(hocon));
    }

    [Fact]
    public void An_optional_self_reference_in_a_concatenation_looks_back_to_nothing()
    {
        // Spec: "in this example `a` should be `foo` not `foofoo` because the self reference has to "look back" to an
        // undefined `a`:"
        Assert.Equal("""{"a":"foo"}""", Json("a = ${?a}foo"));
    }

    [Theory]
    [InlineData("bar : ${foo}\nfoo : ${bar}", new[] { 1, 7, 2, 7 })]
    [InlineData("a : ${b}\nb : ${c}\nc : ${a}", new[] { 1, 5, 2, 5, 3, 5 })]
    public void Cycles_of_substitutions_are_errors_at_one_of_the_substitutions(string hocon, int[] substitutionPositions)
    {
        // Spec: "For example, this is not possible to resolve:" / "A multi-step loop like this should also be
        // detected as invalid:"
        var error = ResolveError(hocon);

        var positions = substitutionPositions.Chunk(2).Select(p => (p[0], p[1])).ToList();
        Assert.Contains((error.Position.Line, error.Position.Column), positions);
        Assert.Equal("string", error.Position.Origin);
    }

    [Theory]
    [InlineData("a : { b : ${a} }", 11, "'a'")]
    [InlineData("a : [${a}]", 6, "'a'")]
    [InlineData("a : { b : { c : ${a.b} } }", 17, "'a.b'")]
    public void A_substitution_inside_an_object_or_array_that_refers_to_it_is_an_unbreakable_cycle(string hocon, int column, string cyclicPath)
    {
        // Spec: "These cases are unbreakable cycles that generate an error."
        // (The spec does not say where the error points; this reader points at the substitution that closes the
        // loop and names the path whose value depends on itself.)
        var error = ResolveError(hocon);

        Assert.Equal(new HoconPosition("string", 1, column), error.Position);
        Assert.Contains("circular", error.Reason);
        Assert.Contains(cyclicPath, error.Reason);
    }

    [Fact]
    public void Two_fields_referring_to_each_other_after_earlier_values_end_up_equal_or_fail()
    {
        // Spec: "Implementations must set both `a` and `b` to the same value in this case, however."
        // (The spec also allows an error here; which value wins is undefined.)
        const string hocon = """
            a : 1
            b : 2
            a : ${b}
            b : ${a}
            """;

        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment);
        }
        catch (HoconException)
        {
            return;
        }

        Assert.Equal(config.GetInt("a"), config.GetInt("b"));
        Assert.Contains(config.GetInt("a"), new[] { 1, 2 });
    }

    [Fact]
    public void Each_substitution_instance_resolves_relative_to_its_own_position()
    {
        // Spec: "Memoization should be keyed by the substitution "instance" (the specific occurrence of the `${}`
        // expression) rather than by the path inside the `${}` expression, because substitutions may be resolved
        // differently depending on their position in the file."
        const string hocon = """
            p : [a]
            p : ${p} [b]
            q : ${p}
            p : ${p} [c]
            """;

        Assert.Equal("""{"p":["a","b","c"],"q":["a","b","c"]}""", Json(hocon));
    }
}
