using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Paths as keys".</summary>
public sealed class PathsAsKeysTests
{
    [Theory]
    [InlineData("foo.bar : 42", "foo { bar : 42 }", "{\"foo\":{\"bar\":42}}")]
    [InlineData("foo.bar.baz : 42", "foo { bar { baz : 42 } }", "{\"foo\":{\"bar\":{\"baz\":42}}}")]
    [InlineData("a.x : 42, a.y : 43", "a { x : 42, y : 43 }", "{\"a\":{\"x\":42,\"y\":43}}")]
    public void Load_PathKey_ExpandsToNestedObjects(string pathKey, string nested, string expected)
    {
        // Spec: "If a key is a path expression with multiple elements, it is expanded to create an object for each path element other than the last. The last path element, combined with the value, becomes a field in the most-nested object."
        // Act
        var pathJson = Json(pathKey);
        var nestedJson = Json(nested);

        // Assert
        Assert.Equal(expected, pathJson);
        Assert.Equal(nestedJson, pathJson);
    }

    [Fact]
    public void Load_KeyWithWhitespace_IsTheQuotedKeyWithSpaces()
    {
        // Spec: "Because path expressions work like value concatenations, you can have whitespace in keys"
        // Act
        var unquoted = Json("a b c : 42");
        var quoted = Json("\"a b c\" : 42");

        // Assert
        Assert.Equal("{\"a b c\":42}", unquoted);
        Assert.Equal(quoted, unquoted);
    }

    [Theory]
    [InlineData("a   b\tc : 42", "{\"a   b\\tc\":42}")]
    [InlineData("a \"b\" c : 42", "{\"a b c\":42}")]
    [InlineData("a b.c d : 42", "{\"a b\":{\"c d\":42}}")]
    [InlineData("\" a \" : 42", "{\" a \":42}")]
    public void Load_WhitespaceInsideKey_IsKeptLikeInAConcatenation(string text, string expected)
    {
        // Spec: "Because path expressions work like value concatenations, you can have whitespace in keys"
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("true : 42", "\"true\" : 42", "{\"true\":42}")]
    [InlineData("3 : 42", "\"3\" : 42", "{\"3\":42}")]
    [InlineData("3.14 : 42", "\"3\" : { \"14\" : 42 }", "{\"3\":{\"14\":42}}")]
    [InlineData("null : 42", "\"null\" : 42", "{\"null\":42}")]
    [InlineData("false.true : 42", "\"false\" : { \"true\" : 42 }", "{\"false\":{\"true\":42}}")]
    public void Load_KeyThatWouldBeAnotherTypeAsAValue_IsAString(string key, string quoted, string expected)
    {
        // Spec: "Because path expressions are always converted to strings, even single values that would normally have another type become strings. - `true : 42` is `"true" : 42` - `3 : 42` is `"3" : 42` - `3.14 : 42` is `"3" : { "14" : 42 }`"
        // Act
        var keyJson = Json(key);
        var quotedJson = Json(quoted);

        // Assert
        Assert.Equal(expected, keyJson);
        Assert.Equal(quotedJson, keyJson);
    }

    [Theory]
    [InlineData("a.b = 1\na { c = 2 }", "{\"a\":{\"b\":1,\"c\":2}}")]
    [InlineData("a.b.c = 1\na.b.d = 2\na.e = 3", "{\"a\":{\"b\":{\"c\":1,\"d\":2},\"e\":3}}")]
    [InlineData("a.b = 1\na = 2", "{\"a\":2}")]
    [InlineData("a = 2\na.b = 1", "{\"a\":{\"b\":1}}")]
    [InlineData("a : { b : 1 }\na.b.c : 2", "{\"a\":{\"b\":{\"c\":2}}}")]
    public void Load_PathKeysForTheSameObject_MergeInTheUsualWay(string text, string expected)
    {
        // Spec: "These values are merged in the usual way"
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("include : 42", 1, 9)]
    [InlineData("include = 42", 1, 9)]
    [InlineData("x {\n  include { a = 1 }\n}", 2, 11)]
    public void Load_UnquotedIncludeAtStartOfKey_IsNotAKey(string text, int line, int column)
    {
        // Spec: "As a special rule, the unquoted string `include` may not begin a path expression in a key, because it has a special interpretation"
        // The reader treats it as an include statement and reports what follows `include` where a quoted file name is required.
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("include", e.Reason);
    }

    [Theory]
    [InlineData("foo include : 42", "{\"foo include\":42}")]
    [InlineData("\"include\" : 42", "{\"include\":42}")]
    [InlineData("foo.include : 42", "{\"foo\":{\"include\":42}}")]
    [InlineData("includes : 42", "{\"includes\":42}")]
    [InlineData("foo : include", "{\"foo\":\"include\"}")]
    [InlineData("foo : [ include ]", "{\"foo\":[\"include\"]}")]
    public void Load_IncludeNotAtStartOfUnquotedKey_IsOrdinaryText(string text, string expected)
    {
        // Spec: "As a special rule, the unquoted string `include` may not begin a path expression in a key" (elsewhere it is an ordinary string)
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }
}
