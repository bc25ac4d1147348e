using static FedActors.Hocon.Tests.HoconTestHelpers;

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, "Syntax / Unchanged from JSON" (and the JSON-superset goal it serves).</summary>
public sealed class UnchangedFromJsonTests
{
    /// <summary>What a plain JSON parser (System.Text.Json) makes of a document, written like Config.ToJson: compact, keys in ordinal order, numbers as written.</summary>
    private static string JsonParserView(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, document.RootElement);
        }

        return Encoding.UTF8.GetString(stream.ToArray());

        static void Write(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteRawValue(element.GetRawText());
                    break;
            }
        }
    }

    [Theory]
    [InlineData("{\"a\": 1, \"b\": [1, 2.5, -3e10, true, false, null, \"x\"], \"c\": {\"d\": {}}, \"e\": []}",
        "{\"a\":1,\"b\":[1,2.5,-3e10,true,false,null,\"x\"],\"c\":{\"d\":{}},\"e\":[]}")]
    [InlineData("{\"z\": {\"y\": [{\"x\": null}]}, \"a\": \"s\"}", "{\"a\":\"s\",\"z\":{\"y\":[{\"x\":null}]}}")]
    [InlineData("{\"\": 1, \"a b\": 2, \"a.b\": 3, \"include\": 4, \"true\": 5, \"1\": 6}",
        "{\"\":1,\"1\":6,\"a b\":2,\"a.b\":3,\"include\":4,\"true\":5}")]
    [InlineData("{\"a\": [[], {}, [[]]]}", "{\"a\":[[],{},[[]]]}")]
    [InlineData("{}", "{}")]
    public void Load_ValidJsonDocument_GivesSameDataAsJson(string json, string expected)
    {
        // Spec: "a JSON superset, that is, all valid JSON should be valid and should result in the same in-memory data that a JSON parser would have produced."
        // Act
        var actual = Json(json);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("{\n  \"a\": 1,\n  \"b\": [1, 2]\n}")]
    [InlineData("\r\n{\r\n\t\"a\" : 1 ,\r\n\t\"b\" : { \"c\" : [ 1 , 2 ] }\r\n}\r\n")]
    [InlineData("{\n  \"a\":\n    1,\n  \"b\":\n    [1, 2]\n}")]
    [InlineData("{\n  \"a\"\n    : 1\n}")]
    [InlineData("{\n  \"a\": 1\n, \"b\": 2\n}")]
    [InlineData("{\"a\": [\n    1\n  , 2\n  , 3\n  ]}")]
    public void Load_ValidJsonInAnyWhitespaceLayout_MatchesJsonParser(string json)
    {
        // Spec: "all valid JSON should be valid and should result in the same in-memory data that a JSON parser would have produced."
        // Arrange
        var expected = JsonParserView(json);

        // Act
        var actual = Json(json);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("\\\"", "\"")]
    [InlineData("\\\\", "\\")]
    [InlineData("\\/", "/")]
    [InlineData("\\b", "\b")]
    [InlineData("\\f", "\f")]
    [InlineData("\\n", "\n")]
    [InlineData("\\r", "\r")]
    [InlineData("\\t", "\t")]
    [InlineData("\\u0041", "A")]
    [InlineData("\\u00e9\\u00E9", "\u00e9\u00e9")]
    [InlineData("\\u0000", "\0")]
    [InlineData("\\ud83d\\ude00", "\U0001F600")]
    [InlineData("a\\tb\\\"c\\\\d", "a\tb\"c\\d")]
    public void Load_JsonEscapeInQuotedString_DecodesLikeJson(string escaped, string expected)
    {
        // Spec: "quoted strings are in the same format as JSON strings"
        // Act
        var value = Load("{\"s\": \"" + escaped + "\"}").GetString("s");

        // Assert
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Load_EscapedKey_IsTheSameKeyAsItsPlainSpelling()
    {
        // Spec: "quoted strings are in the same format as JSON strings"
        // Act
        var json = Json("{\"\\u0041\": 1, \"A\": 2, \"a\\\"b\": 3}");

        // Assert
        Assert.Equal("{\"A\":2,\"a\\\"b\":3}", json);
    }

    [Theory]
    [InlineData("{\"s\": \"a\\x\"}", 1, 9, "escape")]
    [InlineData("{\"s\": \"a\\U0041\"}", 1, 9, "escape")]
    [InlineData("{\"s\": \"\\u12\"}", 1, 8, "four hexadecimal digits")]
    [InlineData("{\"s\": \"a\tb\"}", 1, 9, "control character")]
    [InlineData("{\"s\": \"a\nb\"}", 1, 9, "cannot span lines")]
    [InlineData("{\n\"s\": \"abc", 2, 6, "unterminated")]
    public void Load_QuotedStringThatIsNotAJsonString_ThrowsAtTheOffendingCharacter(string text, int line, int column, string reason)
    {
        // Spec: "quoted strings are in the same format as JSON strings"
        // Act
        var e = Error(text);

        // Assert
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1E+5")]
    [InlineData("-0.5e-3")]
    [InlineData("1.0")]
    [InlineData("1.10")]
    [InlineData("-0")]
    [InlineData("0.000")]
    [InlineData("12345678901234567890123")]
    public void Load_JsonNumber_IsANumberKeptAsWritten(string number)
    {
        // Spec: "allowed number formats matches JSON"
        // Act
        var config = Load("{\"n\": " + number + "}");

        // Assert
        Assert.Equal(HoconValueType.Number, config.GetValue("n").Type);
        Assert.Equal("{\"n\":" + number + "}", config.ToJson(indented: false));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("0x10")]
    [InlineData("01")]
    public void Load_NonJsonNumberSpelling_IsNotANumber(string text)
    {
        // Spec: "allowed number formats matches JSON; as in JSON, some possible floating-point values are not represented, such as `NaN`"
        // Act
        var value = Load("n = " + text).GetValue("n");

        // Assert
        Assert.Equal(HoconValueType.String, value.Type);
        Assert.Equal(text, ((HoconString)value).Value);
    }

    [Theory]
    [InlineData("s", HoconValueType.String)]
    [InlineData("n", HoconValueType.Number)]
    [InlineData("o", HoconValueType.Object)]
    [InlineData("a", HoconValueType.Array)]
    [InlineData("t", HoconValueType.Boolean)]
    [InlineData("f", HoconValueType.Boolean)]
    [InlineData("z", HoconValueType.Null)]
    public void Load_JsonValue_KeepsItsJsonType(string key, HoconValueType expected)
    {
        // Spec: "values have possible types: string, number, object, array, boolean, null"
        // Arrange
        var config = Load("{\"s\": \"x\", \"n\": 1, \"o\": {}, \"a\": [], \"t\": true, \"f\": false, \"z\": null}");

        // Act
        var type = config.Root[key].Type;

        // Assert
        Assert.Equal(expected, type);
    }

    [Fact]
    public void ParseFile_Utf8FileWithNonAsciiText_ReadsTheCharacters()
    {
        // Spec: "files must be valid UTF-8"
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), $"hocon-utf8-{Guid.NewGuid():N}.conf");
        File.WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble()
            .Concat(Encoding.UTF8.GetBytes("a = \"h\u00e9llo w\u00f6rld \u2713 \U0001F600\"\nb = \u00fcber\n")).ToArray());
        try
        {
            // Act
            var config = ConfigurationFactory.ParseFile(path).Resolve(_ => null);

            // Assert
            Assert.Equal("h\u00e9llo w\u00f6rld \u2713 \U0001F600", config.GetString("a"));
            Assert.Equal("\u00fcber", config.GetString("b"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ParseFile_InvalidUtf8_ThrowsHoconException()
    {
        // Spec: "files must be valid UTF-8"
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), $"hocon-latin1-{Guid.NewGuid():N}.conf");
        File.WriteAllBytes(path, new byte[] { (byte)'a', (byte)' ', (byte)'=', (byte)' ', 0xE9, 0xFF, (byte)'\n' });
        try
        {
            // Act
            var e = Assert.Throws<HoconException>(() => ConfigurationFactory.ParseFile(path));

            // Assert
            Assert.Contains("UTF-8", e.Reason);
            Assert.Equal(path, e.Position.Origin);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
