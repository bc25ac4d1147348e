using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Comments".</summary>
public sealed class CommentsTests
{
    [Fact]
    public void Load_SlashSlashAndHashComments_AreIgnored()
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Arrange
        var text = "a = 1 // after a value\nb = 2 # after a value\n// c = 3\n# d = 4\n";

        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":1,\"b\":2}", json);
    }

    [Theory]
    [InlineData("a = \"x // y # z\"", "x // y # z")]
    [InlineData("a = \"#\" # real comment", "#")]
    [InlineData("a = \"//\"//real comment", "//")]
    [InlineData("a = \"\"\"x // y\n# z\"\"\" // real comment", "x // y\n# z")]
    public void Load_CommentMarkersInsideQuotedString_ArePartOfTheString(string text, string expected)
    {
        // Spec: "unless the `//` or `#` is inside a quoted string."
        // Act
        var value = Load(text).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Load_CommentRightAfterUnquotedString_EndsTheString()
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Act
        var json = Json("a = foo//bar\nb = x#y\nc = [1#one\n2//two\n]");

        // Assert
        Assert.Equal("{\"a\":\"foo\",\"b\":\"x\",\"c\":[1,2]}", json);
    }

    [Theory]
    [InlineData("a = 1 # \"unterminated { [ ${x} \\ ^ `\nb = 2")]
    [InlineData("a = 1 // , b = 3\nb = 2")]
    [InlineData("a = 1 // ]]]} } }\nb = 2")]
    [InlineData("a = 1 ## # // #\nb = 2")]
    public void Load_CommentText_IsIgnoredEvenWhenItWouldBeInvalid(string text)
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":1,\"b\":2}", json);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\v")]
    [InlineData("\f")]
    [InlineData("\u0085")]
    public void Load_CommentFollowedByNonNewlineSeparator_RunsOnToTheNextNewline(string separator)
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment" (and: "in this spec "newline" refers only and specifically to ASCII newline 0x000A")
        // Act
        var json = Json("a = 1 # comment" + separator + "b = 2\nc = 3");

        // Assert
        Assert.Equal("{\"a\":1,\"c\":3}", json);
    }

    [Theory]
    [InlineData("a = 3 # comment", "{\"a\":3}")]
    [InlineData("a = true // comment", "{\"a\":true}")]
    [InlineData("a = foo bar\t# comment", "{\"a\":\"foo bar\"}")]
    [InlineData("a = [ 1, # comment\n 2 ] // comment", "{\"a\":[1,2]}")]
    public void Load_CommentAfterValue_DoesNotBecomePartOfTheValue(string text, string expected)
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Load_CommentsBetweenFieldsAndElements_AreIgnored()
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Arrange
        var text = "a { // opens a\n  # a whole line\n  b = 1 // b\n  c = [ // opens c\n    1 # one\n    # whole line\n    2\n  ] # closes c\n} // closes a\n";

        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":{\"b\":1,\"c\":[1,2]}}", json);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("//")]
    [InlineData("# only a comment")]
    [InlineData("// one\n# two\n   // three")]
    public void Load_DocumentOfOnlyComments_IsAnEmptyObject(string text)
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{}", json);
    }

    [Fact]
    public void Load_CommentAtEndOfFileWithoutNewline_IsIgnored()
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Act
        var json = Json("a = 1 # no newline follows");

        // Assert
        Assert.Equal("{\"a\":1}", json);
    }

    [Fact]
    public void Load_SingleSlash_IsNotAComment()
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment"
        // Act
        var value = Load("a = x/y / z").GetString("a");

        // Assert
        Assert.Equal("x/y / z", value);
    }

    [Fact]
    public void Load_ErrorAfterCommentLines_ReportsTheRealLineAndColumn()
    {
        // Spec: "Anything between `//` or `#` and the next newline is considered a comment and ignored"
        // Act
        var e = Assert.Throws<HoconException>(() => Load("# one\n// two ${\na = 1 # three\nb = ^"));

        // Assert
        Assert.Equal((4, 5), (e.Position.Line, e.Position.Column));
        Assert.Contains("'^'", e.Reason);
    }
}
