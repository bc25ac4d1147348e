using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Commas".</summary>
public sealed class CommasTests
{
    [Fact]
    public void Load_ArrayWithTrailingComma_IsTheSameArray()
    {
        // Spec: "`[1,2,3,]` and `[1,2,3]` are the same array."
        // Act
        var withTrailing = Json("a = [1,2,3,]");
        var without = Json("a = [1,2,3]");

        // Assert
        Assert.Equal("{\"a\":[1,2,3]}", withTrailing);
        Assert.Equal(without, withTrailing);
    }

    [Fact]
    public void Load_ArrayElementsSeparatedByNewlines_IsTheSameArray()
    {
        // Spec: "`[1\n2\n3]` and `[1,2,3]` are the same array."
        // Act
        var withNewlines = Json("a = [1\n2\n3]");
        var withCommas = Json("a = [1,2,3]");

        // Assert
        Assert.Equal("{\"a\":[1,2,3]}", withNewlines);
        Assert.Equal(withCommas, withNewlines);
    }

    [Theory]
    [InlineData("a = [1,2,3,,]", 1, 12, "two commas")]
    [InlineData("a = [,1,2,3]", 1, 6, "','")]
    [InlineData("a = [1,,2,3]", 1, 8, "two commas")]
    [InlineData("a = [,]", 1, 6, "','")]
    [InlineData("a = [1,\n,2]", 2, 1, "two commas")]
    public void Load_ArrayWithMisplacedComma_ThrowsAtTheComma(string text, int line, int column, string reason)
    {
        // Spec: "`[1,2,3,,]` is invalid because it has two trailing commas." "`[,1,2,3]` is invalid because it has an initial comma." "`[1,,2,3]` is invalid because it has two commas in a row."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("a = { x = 1, y = 2, }")]
    [InlineData("a = { x = 1\n y = 2 }")]
    [InlineData("a = { x = 1\n y = 2\n }")]
    [InlineData("a = {\n  x = 1,\n  y = 2,\n}")]
    public void Load_ObjectFieldsWithTrailingCommaOrNewlines_IsTheSameObject(string text)
    {
        // Spec: "these same comma rules apply to fields in objects."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(Json("a = { x = 1, y = 2 }"), json);
        Assert.Equal("{\"a\":{\"x\":1,\"y\":2}}", json);
    }

    [Theory]
    [InlineData("a = { x = 1, y = 2,, }", 1, 20, "two commas")]
    [InlineData("a = { , x = 1 }", 1, 7, "','")]
    [InlineData("a = { x = 1,, y = 2 }", 1, 13, "two commas")]
    [InlineData("x = 1,,", 1, 7, "two commas")]
    [InlineData(", x = 1", 1, 1, "','")]
    [InlineData("x = 1,, y = 2", 1, 7, "two commas")]
    public void Load_ObjectWithMisplacedComma_ThrowsAtTheComma(string text, int line, int column, string reason)
    {
        // Spec: "these same comma rules apply to fields in objects."
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("x = 1,")]
    [InlineData("x = 1,\n")]
    [InlineData("x = 1\n")]
    [InlineData("{ x = 1, }")]
    public void Load_RootFieldWithSingleTrailingComma_IsIgnored(string text)
    {
        // Spec: "The last element in an array or last field in an object may be followed by a single comma. This extra comma is ignored."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"x\":1}", json);
    }

    [Theory]
    [InlineData("a = [\n  1,\n  2,\n]")]
    [InlineData("a = [\n\n  1\n\n  2\n\n]")]
    [InlineData("a = [1,\n2]")]
    [InlineData("a = [ 1 , 2 ]")]
    public void Load_ArrayWithCommasAndNewlinesTogether_IsTheSameArray(string text)
    {
        // Spec: "Values in arrays, and fields in objects, need not have a comma between them as long as they have at least one ASCII newline (`\n`, decimal value 10) between them."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal("{\"a\":[1,2]}", json);
    }

    [Theory]
    [InlineData("a = 1 b = 2", 1, 9)]
    [InlineData("a = { x = 1 y = 2 }", 1, 15)]
    [InlineData("a = 1\rb = 2", 1, 9)]
    public void Load_FieldsWithNeitherCommaNorNewline_Throw(string text, int line, int column)
    {
        // Spec: "need not have a comma between them as long as they have at least one ASCII newline (`\n`, decimal value 10) between them." Without either, the next key is read as part of the value and its '=' is misplaced.
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains("'='", e.Reason);
    }

    [Fact]
    public void Load_ArrayElementsWithNeitherCommaNorNewline_AreOneConcatenatedElement()
    {
        // Spec: "need not have a comma between them as long as they have at least one ASCII newline (`\n`, decimal value 10) between them."
        // Act
        var json = Json("a = [1 2, 3\t4]");

        // Assert
        Assert.Equal("{\"a\":[\"1 2\",\"3\\t4\"]}", json);
    }
}
