using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Unquoted strings".</summary>
public sealed class UnquotedStringsTests
{
    [Theory]
    [InlineData("a = foo", "{\"a\":\"foo\"}")]
    [InlineData("a = foo-bar_baz.qux/1", "{\"a\":\"foo-bar_baz.qux/1\"}")]
    [InlineData("a = x<y>z|w;q'r(s)%~", "{\"a\":\"x<y>z|w;q'r(s)%~\"}")]
    [InlineData("a = h\u00e9llo-\u00fc", "{\"a\":\"h\u00e9llo-\u00fc\"}")]
    public void Load_SequenceWithoutForbiddenCharacters_IsAString(string text, string expected)
    {
        // Spec: "A sequence of characters outside of a quoted string is a string value if: it does not contain "forbidden characters""
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData('`')]
    [InlineData('^')]
    [InlineData('?')]
    [InlineData('!')]
    [InlineData('@')]
    [InlineData('*')]
    [InlineData('&')]
    [InlineData('\\')]
    [InlineData('+')]
    public void Load_ReservedForbiddenCharacter_ThrowsAtTheCharacter(char reserved)
    {
        // Spec: "it does not contain "forbidden characters": '$', '"', '{', '}', '[', ']', ':', '=', ',', '+', '#', '`', '^', '?', '!', '@', '*', '&', '\' (backslash), or whitespace."
        // Act
        var e = Error("a = foo" + reserved + "bar");

        // Assert
        Assert.Equal((1, 8), (e.Position.Line, e.Position.Column));
        Assert.Contains("reserved", e.Reason);
    }

    [Theory]
    [InlineData("a = [foo,bar]", "{\"a\":[\"foo\",\"bar\"]}")]
    [InlineData("a = [foo]", "{\"a\":[\"foo\"]}")]
    [InlineData("a = {x=foo}", "{\"a\":{\"x\":\"foo\"}}")]
    [InlineData("a = foo\"bar\"", "{\"a\":\"foobar\"}")]
    [InlineData("a = foo#bar", "{\"a\":\"foo\"}")]
    [InlineData("a = foo${b}\nb = bar", "{\"a\":\"foobar\",\"b\":\"bar\"}")]
    [InlineData("foo{x=1}", "{\"foo\":{\"x\":1}}")]
    [InlineData("foo:1", "{\"foo\":1}")]
    [InlineData("foo=1", "{\"foo\":1}")]
    public void Load_StructuralForbiddenCharacter_EndsTheUnquotedString(string text, string expected)
    {
        // Spec: "once an unquoted string begins, it continues until a forbidden character or the two-character string "//" is encountered."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("a = foo:bar", "':'")]
    [InlineData("a = foo=bar", "'='")]
    [InlineData("a = foo$bar", "'$'")]
    public void Load_ForbiddenCharacterThatCannotFollowAValue_Throws(string text, string reason)
    {
        // Spec: "it does not contain "forbidden characters": '$', '"', '{', '}', '[', ']', ':', '=', ','"
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((1, 8), (e.Position.Line, e.Position.Column));
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("a = foo//bar", "foo")]
    [InlineData("a = see//example.com", "see")]
    [InlineData("a = foo/bar", "foo/bar")]
    [InlineData("a = /a/b/", "/a/b/")]
    public void Load_SlashSlash_EndsTheUnquotedStringButASingleSlashDoesNot(string text, string expected)
    {
        // Spec: "it does not contain the two-character string "//" (which starts a comment)"
        // Act
        var value = Load(text).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("truefoo")]
    [InlineData("footrue")]
    [InlineData("10.0bar")]
    [InlineData("bar10.0")]
    [InlineData("nullable")]
    [InlineData("falsehood")]
    [InlineData("foonull")]
    public void Load_KeywordOrNumberFollowedOrPrecededByText_IsTheStringAsWritten(string text)
    {
        // Spec: "`truefoo` parses as the boolean token `true` followed by the unquoted string `foo`. However, `footrue` parses as the unquoted string `footrue`. Similarly, `10.0bar` is the number `10.0` then the unquoted string `bar` but `bar10.0` is the unquoted string `bar10.0`."
        // Act
        var value = Load("a = " + text).GetValue("a");

        // Assert
        Assert.Equal(HoconValueType.String, value.Type);
        Assert.Equal(text, ((HoconString)value).Value);
    }

    [Theory]
    [InlineData("true", "{\"a\":true}")]
    [InlineData("false", "{\"a\":false}")]
    [InlineData("null", "{\"a\":null}")]
    [InlineData("10.0", "{\"a\":10.0}")]
    [InlineData("-3", "{\"a\":-3}")]
    public void Load_KeywordOrNumberAlone_KeepsItsType(string text, string expected)
    {
        // Spec: "its initial characters do not parse as `true`, `false`, `null`, or a number."
        // Act
        var json = Json("a = " + text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("1e5bar", "1e5bar")]
    [InlineData("1.50x", "1.50x")]
    [InlineData("-0.0px", "-0.0px")]
    [InlineData("10s", "10s")]
    public void Load_InitialNumberFollowedByText_KeepsTheNumberAsWritten(string text, string expected)
    {
        // Spec: "The initial number character, plus any valid-in-JSON number characters that follow it, must be parsed as a number value."
        // Act
        var value = Load("a = " + text).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Load_ControlCharacterInUnquotedString_IsAllowed()
    {
        // Spec: "unquoted strings have no restriction on control characters, other than the ones listed as "forbidden characters" above."
        // Act
        var value = Load("a = x\u0001y\u0007z").GetString("a");

        // Assert
        Assert.Equal("x\u0001y\u0007z", value);
    }

    [Fact]
    public void Load_ControlCharacterInQuotedString_Throws()
    {
        // Spec: "Note that quoted JSON strings may not contain control characters (control characters include some whitespace characters, such as newline)."
        // Act
        var e = Error("a = \"x\u0001y\"");

        // Assert
        Assert.Equal((1, 7), (e.Position.Line, e.Position.Column));
        Assert.Contains("control character", e.Reason);
    }

    [Theory]
    [InlineData("a = \"foo$bar{}[]:=,+#`^?!@*&\\\\\"", "foo$bar{}[]:=,+#`^?!@*&\\")]
    [InlineData("a = \"x//y\"", "x//y")]
    [InlineData("a = \"tab\\there\"", "tab\there")]
    public void Load_QuotedString_CanHoldWhatUnquotedStringsCannot(string text, string expected)
    {
        // Spec: "Quoted strings may always be used as an alternative when you need to write a character that is not permitted in an unquoted string."
        // Act
        var value = Load(text).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }
}
