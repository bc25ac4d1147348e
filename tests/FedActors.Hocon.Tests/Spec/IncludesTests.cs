namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, section "Includes" (syntax, merging, substitution, missing files, extensions, locating files).</summary>
public sealed class IncludesTests : IDisposable
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hocon-includes-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _filesOutsideDirectory = new();

    public IncludesTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        foreach (var file in _filesOutsideDirectory)
        {
            File.Delete(file);
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> under the test's directory.</summary>
    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Json(string path, Func<string, string?>? environment = null) =>
        ConfigurationFactory.ParseFile(path).Resolve(environment ?? NoEnvironment).ToJson(indented: false);

    [Theory]
    [InlineData("include \"inc.conf\"")]
    [InlineData("include file(\"inc.conf\")")]
    [InlineData("include file( \"inc.conf\" )")]
    [InlineData("include\n  \"inc.conf\"")]
    [InlineData("include required(\"inc.conf\")")]
    [InlineData("include required(file(\"inc.conf\"))")]
    [InlineData("{ include \"inc.conf\", other : 2 }")]
    public void An_include_statement_takes_the_place_of_fields(string statement)
    {
        // Spec: "An include statement can appear in place of an object field."
        // Arrange
        Write("inc.conf", "x : 1");
        var main = Write("main.conf", statement.StartsWith('{') ? statement : statement + "\nother : 2");

        // Act
        var json = Json(main);

        // Assert
        Assert.Equal("""{"other":2,"x":1}""", json);
    }

    [Fact]
    public void Included_keys_override_or_merge_with_earlier_keys_of_the_including_file()
    {
        // Spec: "If a key in the included object occurred prior to the include statement in the including object,
        // the included key's value overrides or merges with the earlier value, exactly as with duplicate keys found
        // in a single file."
        Write("inc.conf", "a : { y : 2, z : 2 }\nb : included");
        var main = Write("main.conf", """
            a : { x : 1, y : 1 }
            b : mine
            include "inc.conf"
            """);

        Assert.Equal("""{"a":{"x":1,"y":2,"z":2},"b":"included"}""", Json(main));
    }

    [Fact]
    public void Later_keys_of_the_including_file_override_or_merge_with_included_ones()
    {
        // Spec: "If the including file repeats a key from an earlier-included object, the including file's value
        // would override or merge with the one from the included file."
        Write("inc.conf", "a : { x : 1, y : 1 }\nb : included");
        var main = Write("main.conf", """
            include "inc.conf"
            a : { y : 2, z : 2 }
            b : mine
            """);

        Assert.Equal("""{"a":{"x":1,"y":2,"z":2},"b":"mine"}""", Json(main));
    }

    [Theory]
    [InlineData("{ a : { include \"foo.conf\" } }", """{"a":{"x":10,"y":10}}""")]
    [InlineData("{\n    a : { include \"foo.conf\" }\n    a : { x : 42 }\n}", """{"a":{"x":42,"y":42}}""")]
    public void Substitutions_of_a_file_included_in_an_object_are_fixed_up_to_that_object(string root, string expected)
    {
        // Spec: "Then the `${x}` in "foo.conf", which has been fixed up to `${a.x}`, would evaluate to `42` rather
        // than to `10`."
        Write("foo.conf", "{ x : 10, y : ${x} }");
        var main = Write("main.conf", root);

        Assert.Equal(expected, Json(main));
    }

    [Fact]
    public void Substitutions_of_an_included_file_fall_back_to_the_root_of_the_including_configuration()
    {
        // Spec: "Substitutions in included files are looked up at two different paths; first, relative to the root
        // of the included file; second, relative to the root of the including configuration."
        Write("foo.conf", """
            local : here
            first : ${local}
            second : ${top}
            both : ${shadowed}
            shadowed : inner
            """);
        var main = Write("main.conf", """
            top : 7
            local : root-value
            shadowed : outer
            a : { include "foo.conf" }
            """);

        Assert.Equal(
            """{"a":{"both":"inner","first":"here","local":"here","second":7,"shadowed":"inner"},"local":"root-value","shadowed":"outer","top":7}""",
            Json(main));
    }

    [Fact]
    public void Substitutions_of_an_included_file_fall_back_to_the_environment_last()
    {
        // Spec: "For substitutions which are not found in the configuration tree, implementations may try to
        // resolve them by looking at system environment variables or other external sources of configuration."
        Write("foo.conf", "home : ${HOME}\nuser : ${USER}");
        var main = Write("main.conf", "USER : from-root\na : { include \"foo.conf\" }");
        Func<string, string?> environment = name => name switch
        {
            "HOME" => "/home/env",
            "USER" => "env-user",
            _ => null,
        };

        Assert.Equal("""{"USER":"from-root","a":{"home":"/home/env","user":"from-root"}}""", Json(main, environment));
    }

    [Theory]
    [InlineData("include \"missing.conf\"\na : 1")]
    [InlineData("include file(\"missing.conf\")\na : 1")]
    [InlineData("include \"no-such-dir/missing.conf\"\na : 1")]
    [InlineData("b { include \"missing\" }\na : 1")]
    public void A_missing_included_file_is_silently_ignored(string text)
    {
        // Spec: "If an included file does not exist, the include statement should be silently ignored (as if the
        // included file contained only an empty object)."
        var main = Write("main.conf", text);

        var expected = text.StartsWith('b') ? """{"a":1,"b":{}}""" : """{"a":1}""";
        Assert.Equal(expected, Json(main));
    }

    [Theory]
    [InlineData("a : 1\ninclude required(\"missing.conf\")", 2, 1)]
    [InlineData("a : 1\nb {\n  include required(file(\"missing.conf\"))\n}", 3, 3)]
    [InlineData("a : 1\nb { include required(\"missing\") }", 2, 5)]
    public void A_required_include_of_a_missing_file_is_an_error_at_the_include(string text, int line, int column)
    {
        // Spec (newer revision, in our words): an include wrapped in required(...) is marked as required, so a file
        // that does not exist makes it an error instead of being ignored.
        var main = Write("main.conf", text);

        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseFile(main));

        Assert.Equal(new HoconPosition(main, line, column), error.Position);
        Assert.Contains("missing", error.Reason);
        Assert.Contains("not found", error.Reason);
    }

    [Theory]
    [InlineData("[ 1, 2 ]")]
    [InlineData("\n  [ { a : 1 } ]")]
    public void An_included_file_with_an_array_at_the_root_is_an_error(string includedText)
    {
        // Spec: "If an included file contains an array as the root value, it is invalid and an error should be
        // generated."
        var included = Write("list.conf", includedText);
        var main = Write("main.conf", "a : 1\ninclude \"list.conf\"");

        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseFile(main));

        Assert.Equal(included, error.Position.Origin);
        Assert.Equal(includedText.StartsWith('\n') ? 2 : 1, error.Position.Line);
        Assert.Equal(includedText.StartsWith('\n') ? 3 : 1, error.Position.Column);
        Assert.Contains("array", error.Reason);
    }

    [Fact]
    public void Relative_includes_are_located_next_to_the_including_file_not_in_the_working_directory()
    {
        // Spec: "if the included file is a relative path, then it should be located relative to the directory
        // containing the including file. The current working directory of the process parsing a file must NOT be
        // used when interpreting included paths."
        // Arrange: a decoy in the working directory, and the real file next to the including one.
        var name = "hocon-cwd-decoy-" + Guid.NewGuid().ToString("N") + ".conf";
        var decoy = Path.Combine(Environment.CurrentDirectory, name);
        _filesOutsideDirectory.Add(decoy);
        File.WriteAllText(decoy, "x : from-working-directory\nonly-in-cwd : true");
        Write(Path.Combine("conf", name), "x : next-to-includer");
        var main = Write(Path.Combine("conf", "main.conf"), $"include \"{name}\"");

        // Act
        var json = Json(main);

        // Assert
        Assert.Equal("""{"x":"next-to-includer"}""", json);
    }

    [Fact]
    public void Nested_includes_are_relative_to_the_file_that_includes_them()
    {
        // Spec: "if the included file is a relative path, then it should be located relative to the directory
        // containing the including file."
        Write("b.conf", "wrong : true");
        Write(Path.Combine("sub", "a.conf"), "a : 1\ninclude \"b.conf\"\ninclude \"deeper/c.conf\"");
        Write(Path.Combine("sub", "b.conf"), "b : 2");
        Write(Path.Combine("sub", "deeper", "c.conf"), "c : 3\ninclude \"../b2.conf\"");
        Write(Path.Combine("sub", "b2.conf"), "d : 4");
        var main = Write("main.conf", "include \"sub/a.conf\"");

        Assert.Equal("""{"a":1,"b":2,"c":3,"d":4}""", Json(main));
    }

    [Fact]
    public void An_absolute_include_path_is_kept_absolute()
    {
        // Spec: "if the included file is an absolute path then it should be kept absolute and loaded as such."
        var elsewhere = Write(Path.Combine("elsewhere", "abs.conf"), "abs : yes");
        var main = Write(Path.Combine("conf", "main.conf"), "include file(\"" + elsewhere.Replace("\\", "\\\\") + "\")");

        Assert.Equal("""{"abs":"yes"}""", Json(main));
    }

    [Theory]
    [InlineData(true, true, """{"both":"conf","conf":1,"json":1}""")]
    [InlineData(true, false, """{"both":"json","json":1}""")]
    [InlineData(false, true, """{"both":"conf","conf":1}""")]
    public void An_include_without_extension_loads_json_then_conf(bool withJson, bool withConf, string expected)
    {
        // Spec: "If a filename has no extension, the implementation should treat it as a basename and try loading
        // the file with all known extensions." / "Files in HOCON format should be parsed last. Files in JSON format
        // should be parsed next-to-last."
        if (withJson)
        {
            Write("foo.json", """{ "json" : 1, "both" : "json" }""");
        }

        if (withConf)
        {
            Write("foo.conf", "conf : 1\nboth : conf");
        }

        var main = Write("main.conf", "include \"foo\"");

        Assert.Equal(expected, Json(main));
    }

    [Fact]
    public void An_include_cycle_is_an_error()
    {
        // Spec: "invalid files should generate errors." (a file that ends up including itself can never finish)
        var a = Write("a.conf", "a : 1\ninclude \"b.conf\"");
        var b = Write("b.conf", "b : 1\n  include \"a.conf\"");

        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseFile(a));

        Assert.Equal(new HoconPosition(b, 2, 3), error.Position);
        Assert.Contains("cycle", error.Reason);
    }

    [Fact]
    public void A_file_including_itself_is_an_error()
    {
        // Spec: "invalid files should generate errors." (a file that includes itself can never finish)
        var self = Write("self.conf", "x : 1\ninclude \"self.conf\"");

        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseFile(self));

        Assert.Equal(new HoconPosition(self, 2, 1), error.Position);
        Assert.Contains("cycle", error.Reason);
    }

    [Theory]
    [InlineData("{ foo include : 42 }", """{"foo include":42}""")]
    [InlineData("{ foo : include }", """{"foo":"include"}""")]
    [InlineData("a : [ include ]", """{"a":["include"]}""")]
    [InlineData("a : include me", """{"a":"include me"}""")]
    [InlineData("{ \"include\" : 42 }", """{"include":42}""")]
    [InlineData("\"include\".x : 1", """{"include":{"x":1}}""")]
    public void Include_is_special_only_unquoted_at_the_start_of_a_key(string hocon, string expected)
    {
        // Spec: "Unquoted `include` has no special meaning if it is not the start of a key's path expression." /
        // "You can quote `"include"` if you want a key that starts with the word `"include"`, only unquoted
        // `include` is special:"
        Assert.Equal(expected, ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment).ToJson(indented: false));
    }

    [Theory]
    [InlineData("include foo.conf", 1, 9)]
    [InlineData("a : 1\ninclude 42", 2, 9)]
    [InlineData("include file(foo.conf)", 1, 9)]
    public void Include_followed_by_anything_but_a_quoted_name_is_an_error(string hocon, int line, int column)
    {
        // Spec: "If an unquoted `include` at the start of a key is followed by anything other than a single quoted
        // string or the `url("")`/`file("")`/`classpath("")` syntax, it is invalid and an error should be
        // generated."
        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseString(hocon, "main", _directory));

        Assert.Equal(new HoconPosition("main", line, column), error.Position);
        Assert.Contains("include", error.Reason);
    }

    [Theory]
    [InlineData("include url(\"http://example.com/a.conf\")", 1, 9, "url(")]
    [InlineData("a : 1\ninclude classpath(\"a.conf\")", 2, 9, "classpath(")]
    public void Url_and_classpath_includes_are_rejected_clearly(string hocon, int line, int column, string form)
    {
        // Spec: "Implementations need not support files, Java resources, or URLs; and they need not support
        // particular URL protocols."
        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseString(hocon, "main", _directory));

        Assert.Equal(new HoconPosition("main", line, column), error.Position);
        Assert.Contains(form, error.Reason);
        Assert.Contains("not supported", error.Reason);
    }

    [Fact]
    public void A_string_parsed_with_an_include_directory_includes_relative_to_it()
    {
        // Spec: "references to a _file_ ("the file being parsed") can be understood to mean any byte stream being
        // parsed, not just literal files in a filesystem."
        Write("inc.conf", "x : 1\ny : ${z}");

        var json = ConfigurationFactory.ParseString("include \"inc.conf\"\nz : 2", "inline", _directory)
            .Resolve(NoEnvironment).ToJson(indented: false);

        Assert.Equal("""{"x":1,"y":2,"z":2}""", json);
    }
}
