using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Key-value separator".</summary>
public sealed class KeyValueSeparatorTests
{
    [Theory]
    [InlineData("a = 1", "a : 1")]
    [InlineData("{ \"a\" = \"x\" }", "{ \"a\" : \"x\" }")]
    [InlineData("a = { b = [ { c = 1 } ] }", "a : { b : [ { c : 1 } ] }")]
    [InlineData("a.b.c = true", "a.b.c : true")]
    [InlineData("a=1,b=2", "a:1,b:2")]
    public void Load_EqualsInsteadOfColon_GivesTheSameObject(string withEquals, string withColon)
    {
        // Spec: "The `=` character can be used anywhere JSON allows `:`, i.e. to separate keys from values."
        // Act
        var equalsJson = Json(withEquals);
        var colonJson = Json(withColon);

        // Assert
        Assert.Equal(colonJson, equalsJson);
    }

    [Fact]
    public void Load_ColonAndEqualsMixed_BothSeparateKeysFromValues()
    {
        // Spec: "The `=` character can be used anywhere JSON allows `:`, i.e. to separate keys from values."
        // Act
        var json = Json("a = 1, b : 2\nc { d = x, e : y }");

        // Assert
        Assert.Equal("{\"a\":1,\"b\":2,\"c\":{\"d\":\"x\",\"e\":\"y\"}}", json);
    }

    [Fact]
    public void Load_QuotedKeyFollowedByBrace_MeansColonBrace()
    {
        // Spec: "So `"foo" {}` means `"foo" : {}`"
        // Act
        var withoutSeparator = Json("\"foo\" {}");
        var withColon = Json("\"foo\" : {}");

        // Assert
        Assert.Equal("{\"foo\":{}}", withoutSeparator);
        Assert.Equal(withColon, withoutSeparator);
    }

    [Theory]
    [InlineData("foo { a = 1 }", "foo = { a = 1 }")]
    [InlineData("foo { a = 1 }", "foo : { a = 1 }")]
    [InlineData("a.b { c = 1 }", "a.b = { c = 1 }")]
    [InlineData("a { b { c { } } }", "a : { b : { c : { } } }")]
    [InlineData("x = [ { b { c = 1 } } ]", "x = [ { b : { c = 1 } } ]")]
    [InlineData("foo{a=1}", "foo={a=1}")]
    public void Load_KeyFollowedByBrace_SeparatorMayBeOmitted(string omitted, string explicitSeparator)
    {
        // Spec: "If a key is followed by `{`, the `:` or `=` may be omitted."
        // Act
        var omittedJson = Json(omitted);
        var explicitJson = Json(explicitSeparator);

        // Assert
        Assert.Equal(explicitJson, omittedJson);
    }

    [Fact]
    public void Load_RepeatedKeyWithOmittedSeparator_MergesLikeAnyDuplicateKey()
    {
        // Spec: "If a key is followed by `{`, the `:` or `=` may be omitted."
        // Act
        var json = Json("a { x = 1 }\na { y = 2 }");

        // Assert
        Assert.Equal("{\"a\":{\"x\":1,\"y\":2}}", json);
    }

    [Theory]
    [InlineData("a [1]", 1, 3, "array")]
    [InlineData("x {\n  a [1]\n}", 2, 5, "array")]
    [InlineData("a \"b\"", 1, 6, "after the key")]
    [InlineData("a", 1, 2, "after the key")]
    public void Load_KeyFollowedByOtherThanBrace_RequiresASeparator(string text, int line, int column, string reason)
    {
        // Spec: "If a key is followed by `{`, the `:` or `=` may be omitted." (only then)
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("a : = 1", 1, 5)]
    [InlineData("a == 1", 1, 4)]
    [InlineData("a = : 1", 1, 5)]
    [InlineData("a = 1 = 2", 1, 7)]
    [InlineData("a {\n  b = c = d\n}", 2, 9)]
    public void Load_SecondSeparatorInAField_ThrowsAtIt(string text, int line, int column)
    {
        // Spec: "The `=` character can be used anywhere JSON allows `:`, i.e. to separate keys from values."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("unexpected", e.Reason);
    }

    [Theory]
    [InlineData("a =", 1, 4)]
    [InlineData("a = , b = 1", 1, 5)]
    [InlineData("{ a : }", 1, 7)]
    public void Load_SeparatorWithoutValue_ThrowsWhereTheValueShouldBe(string text, int line, int column)
    {
        // Spec: "a _field_ is a key, any separator such as ':', and a value."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("no value", e.Reason);
    }
}
