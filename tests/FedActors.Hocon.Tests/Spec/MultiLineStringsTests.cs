using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Multi-line strings".</summary>
public sealed class MultiLineStringsTests
{
    private const string Q3 = "\"\"\"";

    [Fact]
    public void Load_TripleQuotedString_IsAString()
    {
        // Spec: "Multi-line strings are similar to Python or Scala, using triple quotes."
        // Act
        var json = Load("a = " + Q3 + "foo" + Q3).ToJson(indented: false);

        // Assert
        Assert.Equal("{\"a\":\"foo\"}", json);
    }

    [Fact]
    public void Load_TripleQuotedString_KeepsNewlinesAndWhitespaceUnmodified()
    {
        // Spec: "all Unicode characters until a closing `"""` sequence are used unmodified to create a string value. Newlines and whitespace receive no special treatment."
        // Act
        var value = Load("a = " + Q3 + "\n  foo\n\tbar  \n\n" + Q3).GetString("a");

        // Assert
        Assert.Equal("\n  foo\n\tbar  \n\n", value);
    }

    [Theory]
    [InlineData("\\n", "\\n")]
    [InlineData("\\u0041", "\\u0041")]
    [InlineData("\\\"", "\\\"")]
    [InlineData("C:\\temp\\x", "C:\\temp\\x")]
    public void Load_EscapesInTripleQuotedString_AreNotInterpreted(string inside, string expected)
    {
        // Spec: "Unlike Scala, and unlike JSON quoted strings, Unicode escapes are not interpreted in triple-quoted strings."
        // Act
        var value = Load("a = " + Q3 + inside + Q3).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("\"\"\"foo\"\"\"\"", "foo\"")]
    [InlineData("\"\"\"foo\"\"\"\"\"", "foo\"\"")]
    [InlineData("\"\"\"foo\"\"\"\"\"\"\"", "foo\"\"\"\"")]
    [InlineData("\"\"\"\"\"\"\"", "\"")]
    public void Load_MoreThanThreeClosingQuotes_ExtraQuotesArePartOfTheString(string literal, string expected)
    {
        // Spec: "HOCON works like Scala; any sequence of at least three quotes ends the multi-line string, and any "extra" quotes are part of the string."
        // Act
        var value = Load("a = " + literal).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("a\"b", "a\"b")]
    [InlineData("a\"\"b", "a\"\"b")]
    [InlineData("\"x", "\"x")]
    [InlineData("", "")]
    public void Load_FewerThanThreeQuotesInside_DoNotEndTheString(string inside, string expected)
    {
        // Spec: "If the three-character sequence `"""` appears, then all Unicode characters until a closing `"""` sequence are used unmodified to create a string value."
        // Act
        var value = Load("a = " + Q3 + inside + Q3).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("x // y # z")]
    [InlineData("${b} ${?c}")]
    [InlineData("{ } [ ] : = , + ` ^ ? ! @ * &")]
    [InlineData("tab\there\u0001control")]
    public void Load_SpecialCharactersInTripleQuotedString_AreTakenLiterally(string inside)
    {
        // Spec: "all Unicode characters until a closing `"""` sequence are used unmodified to create a string value."
        // Act
        var value = Load("a = " + Q3 + inside + Q3).GetString("a");

        // Assert
        Assert.Equal(inside, value);
    }

    [Theory]
    [InlineData("a = x \"\"\"y\"\"\" z", "x y z")]
    [InlineData("a = \"\"\"x\"\"\" \"\"\"y\"\"\"", "x y")]
    [InlineData("a = \"\"\"x\ny\"\"\" \"z\"", "x\ny z")]
    public void Load_TripleQuotedStringNextToOtherValues_IsConcatenated(string text, string expected)
    {
        // Spec: "If the three-character sequence `"""` appears, then all Unicode characters until a closing `"""` sequence are used unmodified to create a string value."
        // Act
        var value = Load(text).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Load_TripleQuotedKeyAndArrayElement_AreStrings()
    {
        // Spec: "If the three-character sequence `"""` appears, then all Unicode characters until a closing `"""` sequence are used unmodified to create a string value."
        // Act
        var json = Load(Q3 + "k.k" + Q3 + " = [ " + Q3 + "x\ny" + Q3 + ", 2 ]").ToJson(indented: false);

        // Assert
        Assert.Equal("{\"k.k\":[\"x\\ny\",2]}", json);
    }

    [Theory]
    [InlineData("a = \"\"\"abc", 1, 5)]
    [InlineData("a = 1\nb = \"\"\"abc\"\"\n", 2, 5)]
    [InlineData("a = \"\"\"\"\"", 1, 5)]
    public void Load_UnterminatedTripleQuotedString_ThrowsAtTheOpeningQuotes(string text, int line, int column)
    {
        // Spec: "all Unicode characters until a closing `"""` sequence are used unmodified to create a string value."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("unterminated", e.Reason);
    }

    [Fact]
    public void Load_ErrorAfterMultiLineString_CountsTheLinesInsideIt()
    {
        // Spec: "Newlines and whitespace receive no special treatment."
        // Act
        var e = Error("a = \"\"\"one\ntwo\nthree\"\"\"\nb = ^");

        // Assert
        Assert.Equal((4, 5), (e.Position.Line, e.Position.Column));
    }
}
