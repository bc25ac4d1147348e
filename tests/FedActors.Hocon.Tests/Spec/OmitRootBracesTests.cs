using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Omit root braces".</summary>
public sealed class OmitRootBracesTests
{
    [Theory]
    [InlineData("a = 1, b { c = 2 }", "{ a = 1, b { c = 2 } }")]
    [InlineData("a = 1\nb = [1, 2]\n", "{\na = 1\nb = [1, 2]\n}\n")]
    [InlineData("\"a\" : { \"b\" : true }", "{ \"a\" : { \"b\" : true } }")]
    public void Load_RootWithoutBraces_IsTheSameAsWithBraces(string bare, string braced)
    {
        // Spec: "if the file does not begin with a square bracket or curly brace, it is parsed as if it were enclosed with `{}` curly braces."
        // Act
        var bareJson = Json(bare);
        var bracedJson = Json(braced);

        // Assert
        Assert.Equal(bracedJson, bareJson);
    }

    [Fact]
    public void Load_RootWithoutBraces_GivesTheExpectedObject()
    {
        // Spec: "if the file does not begin with a square bracket or curly brace, it is parsed as if it were enclosed with `{}` curly braces."
        // Act
        var json = Json("b = 2\na { x = 1 }\n");

        // Assert
        Assert.Equal("{\"a\":{\"x\":1},\"b\":2}", json);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\t\n")]
    [InlineData("# nothing here\n")]
    public void Load_EmptyDocument_IsAnEmptyObject(string text)
    {
        // Spec: "if the file does not begin with a square bracket or curly brace, it is parsed as if it were enclosed with `{}` curly braces."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{}", json);
    }

    [Theory]
    [InlineData("\n  # leading comment\n{ a = 1 }")]
    [InlineData("\uFEFF{ a = 1 }")]
    [InlineData("{ a = 1 } // trailing comment")]
    [InlineData("{ a = 1 }\n\n# trailing comment\n")]
    public void Load_BracedRootAfterWhitespaceOrComments_IsTheRootObject(string text)
    {
        // Spec: "if the file does not begin with a square bracket or curly brace, it is parsed as if it were enclosed with `{}` curly braces."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":1}", json);
    }

    [Theory]
    [InlineData("a = 1\n}", 2, 1)]
    [InlineData("a { b = 1 } }", 1, 13)]
    [InlineData("a = 1 }\nb = 2", 1, 7)]
    public void Load_ClosingBraceWithoutOpeningBrace_ThrowsAtTheBrace(string text, int line, int column)
    {
        // Spec: "A HOCON file is invalid if it omits the opening `{` but still has a closing `}`; the curly braces must be balanced."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("'}'", e.Reason);
    }

    [Theory]
    [InlineData("{\n  a = 1\n", 3, 1)]
    [InlineData("{ a = 1", 1, 8)]
    [InlineData("a { b = 1", 1, 10)]
    public void Load_OpeningBraceNeverClosed_ThrowsAtTheEndOfInput(string text, int line, int column)
    {
        // Spec: "the curly braces must be balanced."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("never closed", e.Reason);
    }

    [Theory]
    [InlineData("{ a = 1 } }", 1, 11)]
    [InlineData("{ a = 1 }\nb = 2", 2, 1)]
    public void Load_TextAfterBracedRoot_ThrowsAtTheExtraText(string text, int line, int column)
    {
        // Spec: "the curly braces must be balanced." (a file that begins with `{` is not enclosed in another pair)
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("after the closing", e.Reason);
    }

    [Theory]
    [InlineData("\"just a string\"", 1, 16)]
    [InlineData("42", 1, 3)]
    [InlineData("true", 1, 5)]
    public void Load_DocumentOfASingleNonObjectValue_Throws(string text, int line, int column)
    {
        // Spec: "Empty files are invalid documents, as are files containing only a non-array non-object value such as a string." In HOCON the value is read as a key inside the implied braces, which then lacks its separator and value.
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("after the key", e.Reason);
    }

    [Fact]
    public void Load_RootArray_IsRejectedBecauseAConfigIsAnObject()
    {
        // Spec: "if the file does not begin with a square bracket or curly brace, it is parsed as if it were enclosed with `{}` curly braces."
        // A root array is valid HOCON, but a Config (like Lightbend's parseString) needs an object root, so the reader reports it.
        // Act
        var e = Error("\n  [1, 2]");

        // Assert
        Assert.Equal((2, 3), (e.Position.Line, e.Position.Column));
        Assert.Contains("root", e.Reason);
    }
}
