using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Value concatenation" (string, array and object concatenation).</summary>
public sealed class ValueConcatenationTests
{
    [Fact]
    public void Load_UnquotedWordsWithSpaces_AreOneStringLikeTheQuotedForm()
    {
        // Spec: "So for example ` foo bar baz ` parses as three unquoted strings, and the three are value-concatenated into one string. [...] The equivalent string, written in quoted form, would be `"foo bar baz"`."
        // Act
        var unquoted = Json("a = foo bar baz ");
        var quoted = Json("a = \"foo bar baz\"");

        // Assert
        Assert.Equal("{\"a\":\"foo bar baz\"}", unquoted);
        Assert.Equal(quoted, unquoted);
    }

    [Fact]
    public void Load_ConcatenatedFooBar_IsSevenCharacters()
    {
        // Spec: "Value concatenating `foo bar` (two unquoted strings with whitespace) and quoted string `"foo bar"` would result in the same in-memory representation, seven characters."
        // Act
        var value = Load("a = foo bar").GetString("a");

        // Assert
        Assert.Equal(7, value.Length);
        Assert.Equal(Load("a = \"foo bar\"").GetString("a"), value);
    }

    [Theory]
    [InlineData("a =   foo   bar\t baz  ", "foo   bar\t baz")]
    [InlineData("a = \t foo  \"bar\"  ", "foo  bar")]
    [InlineData("a = \"\" foo", " foo")]
    [InlineData("a = foo \"\"", "foo ")]
    [InlineData("a = x\"y\"z", "xyz")]
    public void Load_WhitespaceBetweenSimpleValues_IsPreservedAndEndsAreTrimmed(string text, string expected)
    {
        // Spec: "Whitespace before the first and after the last simple value must be discarded. Only whitespace _between_ simple values must be preserved."
        // Act
        var value = Load(text).GetString("a");

        // Assert
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("a = true foo", "true foo")]
    [InlineData("a = false  bar", "false  bar")]
    [InlineData("a = null foo", "null foo")]
    [InlineData("a = foo \"bar\" 1 true null", "foo bar 1 true null")]
    [InlineData("a = 1e5 x", "1e5 x")]
    [InlineData("a = 1.50 2.0 1E+3", "1.50 2.0 1E+3")]
    [InlineData("a = 1 2", "1 2")]
    public void Load_NonStringSimpleValues_AreConvertedAsWritten(string text, string expected)
    {
        // Spec: "`true` and `false` become the strings `"true"` and `"false"`." "`null` becomes the string `"null"`." "For purposes of value concatenation, it should be rendered as it was written in the file."
        // Act
        var value = Load(text).GetValue("a");

        // Assert
        Assert.Equal(HoconValueType.String, value.Type);
        Assert.Equal(expected, ((HoconString)value).Value);
    }

    [Theory]
    [InlineData("a = true ", "{\"a\":true}")]
    [InlineData("a = 10 ", "{\"a\":10}")]
    [InlineData("a =  null\t", "{\"a\":null}")]
    [InlineData("a = [ true , 1e5 ]", "{\"a\":[true,1e5]}")]
    public void Load_SingleValue_IsNeverConvertedToAString(string text, string expected)
    {
        // Spec: "A single value is never converted to a string. That is, it would be wrong to value concatenate `true` by itself; that should be parsed as a boolean-typed value."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Load_StringConcatenation_NeverSpansANewline()
    {
        // Spec: "String value concatenations never span a newline, or a character that is not part of a simple value."
        // Act
        var json = Json("a = foo bar\nb = baz\nc = [ x y\n z ]");

        // Assert
        Assert.Equal("{\"a\":\"foo bar\",\"b\":\"baz\",\"c\":[\"x y\",\"z\"]}", json);
    }

    [Fact]
    public void Load_ArrayOfSpaceSeparatedNumbers_IsOneStringElement()
    {
        // Spec: "Arrays allow you to use newlines instead of commas, but not whitespace instead of commas. Non-newline whitespace will produce concatenation rather than separate elements."
        // Act
        var json = Json("a = [ 1 2 3 4 ]");

        // Assert
        Assert.Equal("{\"a\":[\"1 2 3 4\"]}", json);
    }

    [Fact]
    public void Load_ArrayOfNewlineSeparatedNumbers_IsFourIntegers()
    {
        // Spec: "Arrays allow you to use newlines instead of commas, but not whitespace instead of commas."
        // Act
        var json = Json("a = [ 1\n  2\n  3\n  4 ]");

        // Assert
        Assert.Equal("{\"a\":[1,2,3,4]}", json);
    }

    [Theory]
    [InlineData("a = [ [ 1, 2 ] [ 3, 4 ] ]", "{\"a\":[[1,2,3,4]]}")]
    [InlineData("a = [ [ 1, 2 ]\n  [ 3, 4 ] ]", "{\"a\":[[1,2],[3,4]]}")]
    [InlineData("a = [ [1] [2] [3], [4] ]", "{\"a\":[[1,2,3],[4]]}")]
    [InlineData("a = [ { x : 1 } { y : 2 }, { z : 3 } ]", "{\"a\":[{\"x\":1,\"y\":2},{\"z\":3}]}")]
    public void Load_ArraysInsideArray_ConcatenateOnlyWithoutNewline(string text, string expected)
    {
        // Spec: "Within an field value or array element, if only non-newline whitespace separates the end of a first array or object or substitution from the start of a second array or object or substitution, the two values are concatenated."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData("a : [ 1, 2 ] [ 3, 4 ]")]
    [InlineData("a : [1, 2][3, 4]")]
    [InlineData("a : [ 1, 2 ] [ 3,\n 4 ]")]
    [InlineData("a : [ 1 ] [ ] [ 2, 3 ] [ 4 ]")]
    public void Load_AdjacentArrays_ConcatenateIntoOneArray(string text)
    {
        // Spec: "if all the values are arrays, they are concatenated into one array."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(Json("a : [ 1, 2, 3, 4 ]"), json);
        Assert.Equal("{\"a\":[1,2,3,4]}", json);
    }

    [Theory]
    [InlineData("a : { b : 1 } { c : 2 }")]
    [InlineData("a : { b : 1 }\na : { c : 2 }")]
    [InlineData("a : {\n  b : 1\n} {\n  c : 2\n}")]
    public void Load_AdjacentObjects_MergeLikeDuplicateKeys(string text)
    {
        // Spec: "if all the values are objects, they are merged (as with duplicate keys) into one object."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(Json("a : { b : 1, c : 2 }"), json);
        Assert.Equal("{\"a\":{\"b\":1,\"c\":2}}", json);
    }

    [Fact]
    public void Load_ConcatenatedObjects_SecondOverridesFirstRecursively()
    {
        // Spec: "For objects, "concatenation" means "merging", so the second object overrides the first."
        // Act
        var json = Json("a = { b : 1, c : { x : 1 }, d : [1] } { c : { y : 2 }, b : 3, d : [2] }");

        // Assert
        Assert.Equal("{\"a\":{\"b\":3,\"c\":{\"x\":1,\"y\":2},\"d\":[2]}}", json);
    }

    [Theory]
    [InlineData("a = [ 1 ]\n[ 2 ]", 2, 1)]
    [InlineData("a = { b : 1 }\n{ c : 2 }", 2, 1)]
    public void Load_NewlineBetweenArraysOrObjects_PreventsConcatenation(string text, int line, int column)
    {
        // Spec: "Newlines may occur _within_ the array or object, but not _between_ them. Newlines _between_ prevent concatenation."
        // The second value then stands where a key is expected, which is invalid.
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("expected", e.Reason);
    }

    [Theory]
    [InlineData("a = [ 1 ] { b : 1 }", 1, 11)]
    [InlineData("a = { b : 1 } [ 1 ]", 1, 5)]
    [InlineData("a = [ 1 ] foo", 1, 11)]
    [InlineData("a = { b : 1 } foo", 1, 15)]
    [InlineData("a = [ 1 ] 2", 1, 11)]
    [InlineData("a = foo [ 1 ]", 1, 5)]
    [InlineData("a = foo { b : 1 }", 1, 5)]
    [InlineData("a = [ x [ 1 ] ]", 1, 7)]
    public void Load_MixedConcatenation_Throws(string text, int line, int column)
    {
        // Spec: "Arrays can be concatenated with arrays, and objects with objects, but it is an error if they are mixed." and "it is invalid for arrays or objects to appear in a string value concatenation."
        // Where the spec leaves the position open, the reader reports the value that does not fit: a non-array when an array takes part, else a non-object.
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("cannot concatenate", e.Reason);
    }

    [Theory]
    [InlineData("x { [a] : 1 }", 1, 5)]
    [InlineData("x { a [1] : 1 }", 1, 7)]
    [InlineData("x { {a : 1} : 1 }", 1, 5)]
    public void Load_ArrayOrObjectAsKey_Throws(string text, int line, int column)
    {
        // Spec: "Arrays and objects cannot be field keys, whether concatenation is involved or not."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
    }

    [Fact]
    public void Load_ConcatenationInKeysAndArrayElements_IsAString()
    {
        // Spec: "A string value concatenation may appear in any place that a string may appear, including object keys, object values, and array elements."
        // Act
        var json = Json("foo bar \"baz\" : [ a b, 1 true ]");

        // Assert
        Assert.Equal("{\"foo bar baz\":[\"a b\",\"1 true\"]}", json);
    }
}
