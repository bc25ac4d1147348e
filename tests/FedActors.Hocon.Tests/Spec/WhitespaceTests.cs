using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Whitespace".</summary>
public sealed class WhitespaceTests
{
    [Theory]
    [InlineData("\u00A0")] // no-break space
    [InlineData("\u1680")] // ogham space mark
    [InlineData("\u2000")] // en quad
    [InlineData("\u2003")] // em space
    [InlineData("\u2007")] // figure space (non-breaking)
    [InlineData("\u200A")] // hair space
    [InlineData("\u202F")] // narrow no-break space
    [InlineData("\u205F")] // medium mathematical space
    [InlineData("\u3000")] // ideographic space
    public void Load_UnicodeSpaceSeparator_IsWhitespace(string space)
    {
        // Spec: "any Unicode space separator (Zs category), line separator (Zl category), or paragraph separator (Zp category), including nonbreaking spaces (such as 0x00A0, 0x2007, and 0x202F)."
        // Arrange
        var text = space + "a" + space + "=" + space + "[" + space + "1" + space + "," + space + "2" + space + "]" + space;

        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":[1,2]}", json);
    }

    [Theory]
    [InlineData("\u2028")] // line separator (Zl)
    [InlineData("\u2029")] // paragraph separator (Zp)
    [InlineData("\uFEFF")] // BOM
    [InlineData("\t")]
    [InlineData("\v")]
    [InlineData("\f")]
    [InlineData("\r")]
    [InlineData("\u001C")]
    [InlineData("\u001D")]
    [InlineData("\u001E")]
    [InlineData("\u001F")]
    public void Load_OtherSpecWhitespace_IsWhitespace(string space)
    {
        // Spec: "The BOM (0xFEFF) must also be treated as whitespace." and "tab (`\t` 0x0009), newline ('\n' 0x000A), vertical tab ('\v' 0x000B)`, form feed (`\f' 0x000C), carriage return ('\r' 0x000D), file separator (0x001C), group separator (0x001D), record separator (0x001E), unit separator (0x001F)."
        // Arrange
        var text = space + "a" + space + "=" + space + "{" + space + "b" + space + ":" + space + "1" + space + "}" + space;

        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":{\"b\":1}}", json);
    }

    [Theory]
    [InlineData("\uFEFFa = 1")]
    [InlineData("\uFEFF{ a = 1 }")]
    [InlineData("\uFEFF\n{ \"a\" : 1 }")]
    public void Load_LeadingByteOrderMark_IsIgnored(string text)
    {
        // Spec: "The BOM (0xFEFF) must also be treated as whitespace."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":1}", json);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\v")]
    [InlineData("\f")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\u001E")]
    public void Load_WhitespaceOtherThanNewline_DoesNotSeparateFields(string separator)
    {
        // Spec: "While all Unicode separators should be treated as whitespace, in this spec "newline" refers only and specifically to ASCII newline 0x000A."
        // Act
        var e = Error("a = 1" + separator + "b = 2");

        // Assert
        Assert.Equal((1, 9), (e.Position.Line, e.Position.Column));
        Assert.Contains("'='", e.Reason);
    }

    [Theory]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\r")]
    public void Load_LineSeparatorInsideArray_ConcatenatesInsteadOfSeparating(string separator)
    {
        // Spec: "in this spec "newline" refers only and specifically to ASCII newline 0x000A."
        // Act
        var items = Load("a = [1" + separator + "2]").GetStringList("a");

        // Assert
        Assert.Equal(new[] { "1" + separator + "2" }, items);
    }

    [Fact]
    public void Load_CrLfFile_IsTheSameAsLfFile()
    {
        // Spec: "carriage return ('\r' 0x000D)" is whitespace, and "newline" refers only and specifically to ASCII newline 0x000A.
        // Arrange
        var lf = "a = 1\nb = foo bar\nc = [\n  1\n  2\n]\nd {\n  e = true\n}\n";
        var crlf = lf.Replace("\n", "\r\n");

        // Act
        var crlfJson = Json(crlf);

        // Assert
        Assert.Equal("{\"a\":1,\"b\":\"foo bar\",\"c\":[1,2],\"d\":{\"e\":true}}", crlfJson);
        Assert.Equal(Json(lf), crlfJson);
    }

    [Fact]
    public void Load_CrLfFile_ErrorReportsLinesCountedByNewline()
    {
        // Spec: "in this spec "newline" refers only and specifically to ASCII newline 0x000A."
        // Act
        var e = Error("a = 1\r\nb = 2\r\nc = ^\r\n");

        // Assert
        Assert.Equal((3, 5), (e.Position.Line, e.Position.Column));
    }

    [Fact]
    public void Load_CrLfFile_TripleQuotedStringKeepsTheCarriageReturn()
    {
        // Spec: "carriage return ('\r' 0x000D)" is whitespace; in a multi-line string "Newlines and whitespace receive no special treatment."
        // Act
        var value = Load("a = \"\"\"x\r\ny\"\"\"\r\n").GetString("a");

        // Assert
        Assert.Equal("x\r\ny", value);
    }

    [Theory]
    [InlineData("a = foo\u00A0bar", "foo\u00A0bar")]
    [InlineData("a = foo\u3000\tbar", "foo\u3000\tbar")]
    [InlineData("a = foo\u2028bar", "foo\u2028bar")]
    [InlineData("a =\u3000foo\u2007", "foo")]
    [InlineData("a = foo bar \r\n", "foo bar")]
    public void Load_UnicodeWhitespaceInConcatenation_IsKeptBetweenValuesAndTrimmedAtTheEnds(string text, string expected)
    {
        // Spec: "any Unicode space separator (Zs category), line separator (Zl category), or paragraph separator (Zp category)" is whitespace; "Only whitespace _between_ simple values must be preserved."
        // Act
        var value = Load(text).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("\u200B")] // zero width space: category Cf, not Zs
    [InlineData("\u0085")] // next line: a control character, not in the list
    [InlineData("\u00AD")] // soft hyphen: Cf
    public void Load_CharacterOutsideTheWhitespaceList_IsPartOfAnUnquotedKey(string character)
    {
        // Spec: "any Unicode space separator (Zs category), line separator (Zl category), or paragraph separator (Zp category)" and the listed ASCII controls are whitespace; nothing else is.
        // Act
        var root = Load("a" + character + "b = 1").Root;

        // Assert
        Assert.Equal(new[] { "a" + character + "b" }, root.Keys);
    }
}
