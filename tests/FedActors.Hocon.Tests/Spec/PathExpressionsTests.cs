using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Path expressions".</summary>
public sealed class PathExpressionsTests
{
    [Fact]
    public void Load_QuotedDotInPath_IsNotASeparator()
    {
        // Spec: "So `foo.bar."hello.world"` would be a path with three elements, looking up key `foo`, key `bar`, then key `hello.world`."
        // Act
        var json = Json("foo.bar.\"hello.world\" = 1");

        // Assert
        Assert.Equal("{\"foo\":{\"bar\":{\"hello.world\":1}}}", json);
    }

    [Theory]
    [InlineData("10.0foo", "{\"10\":{\"0foo\":1}}")]
    [InlineData("foo10.0", "{\"foo10\":{\"0\":1}}")]
    [InlineData("foo\"10.0\"", "{\"foo10.0\":1}")]
    [InlineData("1.2.3", "{\"1\":{\"2\":{\"3\":1}}}")]
    public void Load_NumbersInPathExpression_SplitAtTheirDots(string key, string expected)
    {
        // Spec: "`10.0foo` is a number then unquoted string `foo` and should be the two-element path with `10` and `0foo` as the elements." "`foo10.0` is an unquoted string with a `.` in it, so this would be a two-element path with `foo10` and `0` as the elements." "`foo"10.0"` is an unquoted then a quoted string which are concatenated, so this is a single-element path." "`1.2.3` is the three-element path with `1`,`2`,`3`"
        // Act
        var json = Json(key + " = 1");

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("1.50", "{\"1\":{\"50\":1}}")]
    [InlineData("0.10", "{\"0\":{\"10\":1}}")]
    [InlineData("1e5", "{\"1e5\":1}")]
    [InlineData("1.0e5", "{\"1\":{\"0e5\":1}}")]
    [InlineData("-1.5", "{\"-1\":{\"5\":1}}")]
    public void Load_NumberInPathExpression_KeepsItsOriginalSpelling(string key, string expected)
    {
        // Spec: "When dealing with a number as part of a path expression, it's essential to retain the _original_ string representation of the number as it appeared in the file"
        // Act
        var json = Json(key + " = 1");

        // Assert
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Load_QuotedEmptyPathElement_IsAValidEmptyKey()
    {
        // Spec: "That is, `a."".b` is a valid path with three elements, and the middle element is an empty string."
        // Act
        var json = Json("a.\"\".b = 1\nx = ${a.\"\".b}");

        // Assert
        Assert.Equal("{\"a\":{\"\":{\"b\":1}},\"x\":1}", json);
    }

    [Theory]
    [InlineData("a..b = 1", 1, 3)]
    [InlineData("a...b = 1", 1, 3)]
    [InlineData("x {\n  a.b..c = 1\n}", 2, 7)]
    [InlineData("x = ${a..b}", 1, 9)]
    public void Load_EmptyUnquotedPathElement_ThrowsAtTheSecondDot(string text, int line, int column)
    {
        // Spec: "But `a..b` is invalid and should generate an error."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("empty", e.Reason);
    }

    [Theory]
    [InlineData(".a = 1", 1, 1)]
    [InlineData("a. = 1", 1, 2)]
    [InlineData("a.b. = 1", 1, 4)]
    [InlineData("x = ${.a}", 1, 7)]
    [InlineData("x = ${a.}", 1, 8)]
    public void Load_PathStartingOrEndingWithDot_ThrowsAtTheDot(string text, int line, int column)
    {
        // Spec: "Following the same rule, a path that starts or ends with a `.` is invalid and should generate an error."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("empty", e.Reason);
    }

    [Theory]
    [InlineData("true", "{\"true\":1}")]
    [InlineData("null", "{\"null\":1}")]
    [InlineData("true.false", "{\"true\":{\"false\":1}}")]
    [InlineData("42", "{\"42\":1}")]
    public void Load_SingleValuePathExpression_IsAlwaysAString(string key, string expected)
    {
        // Spec: "Unlike value concatenations, path expressions are _always_ converted to a string, even if they are just a single value."
        // Act
        var json = Json(key + " = 1");

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("foo.bar.\"hello.world\"", "7")]
    [InlineData("10.0foo", "7")]
    [InlineData("1.2.3", "7")]
    [InlineData("true", "7")]
    [InlineData("\"a b\".c", "7")]
    public void Load_SubstitutionPath_UsesTheSamePathSyntaxAsKeys(string path, string expected)
    {
        // Spec: "They appear in two places; in substitutions, like `${foo.bar}`, and as the keys in objects like `{ foo.bar : 42 }`."
        // Act
        var value = Load(path + " = 7\nx = ${" + path + "}").GetString("x");

        // Assert
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("a ${x} : 1\nx = y", 1, 3)]
    [InlineData("${x} : 1\nx = y", 1, 1)]
    [InlineData("x = ${a${b}}", 1, 8)]
    public void Load_SubstitutionInsidePathExpression_Throws(string text, int line, int column)
    {
        // Spec: "Path expressions are syntactically identical to a value concatenation, except that they may not contain substitutions. This means that you can't nest substitutions inside other substitutions, and you can't have substitutions in keys."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("substitution", e.Reason);
    }

    [Fact]
    public void Load_QuotedKeyWithDot_IsDistinctFromThePath()
    {
        // Spec: "any `.` characters outside quoted strings are understood as path separators, while inside quoted strings `.` has no special meaning."
        // Act
        var json = Json("\"a.b\" = 1\na.b = 2\na\".\"b = 3");

        // Assert
        Assert.Equal("{\"a\":{\"b\":2},\"a.b\":3}", json);
    }
}
