using static FedActors.Hocon.Tests.HoconTestHelpers;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Duplicate keys and object merging".</summary>
public sealed class DuplicateKeysTests
{
    [Fact]
    public void Load_DuplicateObjectKeys_AreMerged()
    {
        // Spec: "If both values are objects, then the objects are merged."
        // Act
        var duplicated = Json("{\n    \"foo\" : { \"a\" : 42 },\n    \"foo\" : { \"b\" : 43 }\n}");
        var merged = Json("{\n    \"foo\" : { \"a\" : 42, \"b\" : 43 }\n}");

        // Assert
        Assert.Equal("{\"foo\":{\"a\":42,\"b\":43}}", duplicated);
        Assert.Equal(merged, duplicated);
    }

    [Fact]
    public void Load_NullBetweenDuplicateObjects_PreventsTheMerge()
    {
        // Spec: "The intermediate setting of `"foo"` to `null` prevents the object merge."
        // Act
        var withNull = Json("{\n    \"foo\" : { \"a\" : 42 },\n    \"foo\" : null,\n    \"foo\" : { \"b\" : 43 }\n}");
        var onlyLast = Json("{\n    \"foo\" : { \"b\" : 43 }\n}");

        // Assert
        Assert.Equal("{\"foo\":{\"b\":43}}", withNull);
        Assert.Equal(onlyLast, withNull);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("\"text\"")]
    [InlineData("[1, 2]")]
    [InlineData("false")]
    public void Load_AnyNonObjectBetweenDuplicateObjects_PreventsTheMerge(string between)
    {
        // Spec: "if you set a key to an object, a non-object, then an object, first the non-object falls back to the object (non-object always wins), and then the object falls back to the non-object (no merging, object is the new value). So the two objects never see each other."
        // Act
        var json = Json("foo : { a : 42 }\nfoo : " + between + "\nfoo : { b : 43 }");

        // Assert
        Assert.Equal("{\"foo\":{\"b\":43}}", json);
    }

    [Theory]
    [InlineData("{ \"foo\" : 1, \"foo\" : 2 }", "{\"foo\":2}")]
    [InlineData("foo : { a : 42 }\nfoo : 7", "{\"foo\":7}")]
    [InlineData("foo : 7\nfoo : { b : 43 }", "{\"foo\":{\"b\":43}}")]
    [InlineData("foo : [1]\nfoo : [2]", "{\"foo\":[2]}")]
    [InlineData("foo : { a : 1 }\nfoo : null", "{\"foo\":null}")]
    [InlineData("foo : null\nfoo : { a : 1 }", "{\"foo\":{\"a\":1}}")]
    [InlineData("foo : { a : 1 }\nfoo : [ 1 ]", "{\"foo\":[1]}")]
    public void Load_DuplicateKeyNotBothObjects_LaterValueOverrides(string text, string expected)
    {
        // Spec: "duplicate keys that appear later override those that appear earlier, unless both values are objects."
        // Act
        var json = Json(text);

        // Assert
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Load_MergedObjects_KeepFieldsPresentInOnlyOne()
    {
        // Spec: "add fields present in only one of the two objects to the merged object."
        // Act
        var json = Json("a { x = 1, y = 2 }\na { z = 3 }\na { w = 0 }");

        // Assert
        Assert.Equal("{\"a\":{\"w\":0,\"x\":1,\"y\":2,\"z\":3}}", json);
    }

    [Fact]
    public void Load_MergedObjects_UseTheSecondObjectsNonObjectField()
    {
        // Spec: "for non-object-valued fields present in both objects, the field found in the second object must be used."
        // Act
        var json = Json("a { x = 1, y = [1], z = { p = 1 } }\na { x = \"two\", y = [2], z = 3 }");

        // Assert
        Assert.Equal("{\"a\":{\"x\":\"two\",\"y\":[2],\"z\":3}}", json);
    }

    [Fact]
    public void Load_MergedObjects_MergeObjectFieldsRecursively()
    {
        // Spec: "for object-valued fields present in both objects, the object values should be recursively merged according to these same rules."
        // Act
        var json = Json("a { x { p = 1, q = 2, deep { m = 1 } } }\na { x { q = 3, r = 4, deep { n = 2 } }, y = 5 }");

        // Assert
        Assert.Equal("{\"a\":{\"x\":{\"deep\":{\"m\":1,\"n\":2},\"p\":1,\"q\":3,\"r\":4},\"y\":5}}", json);
    }

    [Fact]
    public void Load_NestedNullInLaterObject_OverridesOnlyThatField()
    {
        // Spec: "for non-object-valued fields present in both objects, the field found in the second object must be used."
        // Act
        var json = Json("a { b = { c = 1 }, d = 2 }\na { b = null }");

        // Assert
        Assert.Equal("{\"a\":{\"b\":null,\"d\":2}}", json);
    }

    [Fact]
    public void Load_DuplicateKeysWrittenAsPaths_MergeInOrder()
    {
        // Spec: "duplicate keys that appear later override those that appear earlier, unless both values are objects. If both values are objects, then the objects are merged."
        // Act
        var json = Json("a.b = 1\na { c = 2 }\na.b = 3\na.d.e = 4");

        // Assert
        Assert.Equal("{\"a\":{\"b\":3,\"c\":2,\"d\":{\"e\":4}}}", json);
    }

    [Fact]
    public void Load_NullInTheMiddleOfNestedDuplicates_PreventsOnlyThatMerge()
    {
        // Spec: "Object merge can be prevented by setting the key to another value first."
        // Act
        var json = Json("a { x { p = 1 }, y { p = 1 } }\na { x = null }\na { x { q = 2 }, y { q = 2 } }");

        // Assert
        Assert.Equal("{\"a\":{\"x\":{\"q\":2},\"y\":{\"p\":1,\"q\":2}}}", json);
    }
}
