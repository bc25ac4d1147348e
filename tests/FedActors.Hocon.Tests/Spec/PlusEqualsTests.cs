namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, section "The `+=` field separator".</summary>
public sealed class PlusEqualsTests : IDisposable
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hocon-plus-equals-" + Guid.NewGuid().ToString("N"));

    public PlusEqualsTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Json(string hocon) =>
        ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment).ToJson(indented: false);

    private string FileJson(string mainText, params (string Name, string Text)[] others)
    {
        foreach (var (name, text) in others)
        {
            File.WriteAllText(Path.Combine(_directory, name), text);
        }

        var main = Path.Combine(_directory, "main.conf");
        File.WriteAllText(main, mainText);
        return ConfigurationFactory.ParseFile(main).Resolve(NoEnvironment).ToJson(indented: false);
    }

    [Fact]
    public void Plus_equals_appends_an_element_to_a_previous_array()
    {
        // Spec: "`+=` appends an element to a previous array."
        const string hocon = """
            a = [ x ]
            a += y
            a += 3
            """;

        Assert.Equal("""{"a":["x","y",3]}""", Json(hocon));
    }

    [Fact]
    public void Plus_equals_is_the_same_as_an_optional_self_referential_array_concatenation()
    {
        // Spec: "A field with `+=` transforms into a self-referential array concatenation, like this:" (`a += b`
        // becomes `a = ${?a} [b]`)
        const string shortForm = """
            a = [ 1 ]
            a += b
            a += { c : 2 }
            """;
        const string longForm = """
            a = [ 1 ]
            a = ${?a} [b]
            a = ${?a} [{ c : 2 }]
            """;

        Assert.Equal("""{"a":[1,"b",{"c":2}]}""", Json(shortForm));
        Assert.Equal(Json(longForm), Json(shortForm));
    }

    [Theory]
    [InlineData("a += b", """{"a":["b"]}""")]
    [InlineData("a += [1, 2]", """{"a":[[1,2]]}""")]
    [InlineData("a += b\na += c", """{"a":["b","c"]}""")]
    public void Plus_equals_may_be_the_first_mention_of_a_field(string hocon, string expected)
    {
        // Spec: "which allows `a += b` to be the first mention of `a` in the file (it is not necessary to have
        // `a = []` first)."
        Assert.Equal(expected, Json(hocon));
    }

    [Theory]
    // The spec does not say which column the error names; this reader names the `+=` when the old value is a
    // simple value and the appended value when the old value is an object.
    [InlineData("a = 1\na += 2", 2, 3)]
    [InlineData("a = \"s\"\na += t", 2, 3)]
    [InlineData("a = { x : 1 }\na += 2", 2, 3)]
    [InlineData("a = true\nb = 0\na += 2", 3, 3)]
    public void Plus_equals_onto_a_value_that_is_not_an_array_is_an_error(string hocon, int line, int column)
    {
        // Spec: "If the previous value was not an array, an error will result just as it would in the long form
        // `a = ${?a} [b]`."
        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment));

        // This reader points at the '+=' and says what it found there.
        Assert.Equal(new HoconPosition("string", line, column), error.Position);
        Assert.Contains("'+=' appends to an array, but 'a' is", error.Reason);
    }

    [Fact]
    public void The_long_form_onto_a_non_array_is_the_same_error()
    {
        // Spec: "an error will result just as it would in the long form `a = ${?a} [b]`."
        var error = Assert.Throws<HoconException>(
            () => ConfigurationFactory.ParseString("a = 1\na = ${?a} [b]").Resolve(NoEnvironment));

        Assert.Equal(new HoconPosition("string", 2, 5), error.Position);
        Assert.Contains("cannot concatenate", error.Reason);
    }

    [Theory]
    [InlineData("a { b += 1 }\na { b += 2 }")]
    [InlineData("a.b += 1\na.b += 2")]
    [InlineData("a { b = [1] }\na.b += 2")]
    [InlineData("a.b += 1\na { b += 2 }")]
    public void Plus_equals_appends_to_the_full_path_in_nested_objects(string hocon)
    {
        // Spec: "`+=` appends an element to a previous array." (the previous array is the one at the field's full
        // path, however the enclosing objects are written)
        Assert.Equal("""{"a":{"b":[1,2]}}""", Json(hocon));
    }

    [Fact]
    public void Plus_equals_in_an_included_file_appends_to_the_including_files_array()
    {
        // Spec: "`+=` appends an element to a previous array." / "The keys from the root object are conceptually
        // substituted for the include statement in the including file."
        var json = FileJson(
            """
            x = [ 1 ]
            include "more.conf"
            x += 3
            """,
            ("more.conf", "x += 2"));

        Assert.Equal("""{"x":[1,2,3]}""", json);
    }

    [Fact]
    public void Plus_equals_in_a_file_included_inside_an_object_appends_under_that_object()
    {
        // Spec: "`+=` appends an element to a previous array." / "if an included file contains substitutions, they
        // must be "fixed up" to be relative to the app's configuration root."
        var json = FileJson(
            """
            x = [ top ]
            a.x = [ 1 ]
            a { include "more.conf" }
            """,
            ("more.conf", "x += 2"));

        Assert.Equal("""{"a":{"x":[1,2]},"x":["top"]}""", json);
    }

    [Fact]
    public void A_later_self_reference_sees_the_appended_elements()
    {
        // Spec: "A field with `+=` transforms into a self-referential array concatenation"
        const string hocon = """
            a = [ 1 ]
            a += 2
            a = ${a} [ 3 ]
            copy = ${a}
            """;

        Assert.Equal("""{"a":[1,2,3],"copy":[1,2,3]}""", Json(hocon));
    }

    [Fact]
    public void The_appended_value_may_be_a_substitution()
    {
        // Spec: "Fields may have `+=` as a separator rather than `:` or `=`." (so the value after `+=` may be anything
        // a field value may be, including a substitution)
        const string hocon = """
            b = { k : v }
            a += ${b}
            a += ${b.k}
            """;

        Assert.Equal("""{"a":[{"k":"v"},"v"],"b":{"k":"v"}}""", Json(hocon));
    }
}
