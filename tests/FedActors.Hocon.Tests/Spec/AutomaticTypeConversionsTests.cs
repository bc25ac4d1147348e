using System.Text.Json;

namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, section "Automatic type conversions" (API recommendations), as offered by the getters of <see cref="Config"/>.</summary>
public sealed class AutomaticTypeConversionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static Config Resolve(string hocon) => ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment);

    private static object Get(Config config, string getter, string path) => getter switch
    {
        "GetInt" => config.GetInt(path),
        "GetLong" => config.GetLong(path),
        "GetDouble" => config.GetDouble(path),
        "GetBool" => config.GetBool(path),
        "GetString" => config.GetString(path),
        "GetDuration" => config.GetDuration(path),
        "GetBytes" => config.GetBytes(path),
        "GetList" => config.GetList(path),
        "GetStringList" => config.GetStringList(path),
        "GetConfig" => config.GetConfig(path),
        _ => throw new ArgumentOutOfRangeException(nameof(getter), getter, null),
    };

    [Theory]
    [InlineData("42", "42", 42.0)]
    [InlineData("-1.5", "-1.5", -1.5)]
    [InlineData("0", "0", 0.0)]
    [InlineData("1e5", "1e5", 100000.0)]
    [InlineData("2.50E-1", "2.50E-1", 0.25)]
    public void A_number_read_as_a_string_is_a_valid_json_number(string written, string expected, double value)
    {
        // Spec: "number to string: convert the number into a string representation that would be a valid number in
        // JSON."
        var text = Resolve("n : " + written).GetString("n");

        Assert.Equal(expected, text);
        using var parsed = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Number, parsed.RootElement.ValueKind);
        Assert.Equal(value, parsed.RootElement.GetDouble());
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void A_boolean_read_as_a_string_is_true_or_false(string written, string expected)
    {
        // Spec: "boolean to string: should become the string "true" or "false""
        Assert.Equal(expected, Resolve("b : " + written).GetString("b"));
    }

    [Fact]
    public void A_string_holding_a_json_number_reads_as_a_number()
    {
        // Spec: "string to number: parse the number with the JSON rules"
        var config = Resolve("""
            i : "42"
            neg : "-7"
            big : "9007199254740993"
            d : "1.5"
            e : "1e3"
            """);

        Assert.Equal(42, config.GetInt("i"));
        Assert.Equal(-7, config.GetInt("neg"));
        Assert.Equal(9007199254740993L, config.GetLong("big"));
        Assert.Equal(1.5, config.GetDouble("d"));
        Assert.Equal(1000.0, config.GetDouble("e"));
        Assert.Equal(1000L, config.GetLong("e"));
    }

    [Theory]
    [InlineData("\"+1\"")]
    [InlineData("\"01\"")]
    [InlineData("\"0x10\"")]
    [InlineData("\".5\"")]
    [InlineData("\"1.\"")]
    [InlineData("\"ten\"")]
    [InlineData("\"1 2\"")]
    [InlineData("\"NaN\"")]
    public void A_string_that_is_not_a_json_number_does_not_read_as_a_number(string written)
    {
        // Spec: "string to number: parse the number with the JSON rules"
        var config = Resolve("a : 0\nn : " + written);

        var asDouble = Assert.Throws<HoconException>(() => config.GetDouble("n"));
        var asInt = Assert.Throws<HoconException>(() => config.GetInt("n"));

        Assert.Equal(new HoconPosition("string", 2, 5), asDouble.Position);
        Assert.Equal(new HoconPosition("string", 2, 5), asInt.Position);
        Assert.Contains("n must be a number", asDouble.Reason);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"off\"", false)]
    public void The_six_boolean_strings_read_as_booleans(string written, bool expected)
    {
        // Spec: "string to boolean: the strings "true", "yes", "on", "false", "no", "off" should be converted to
        // boolean values."
        Assert.Equal(expected, Resolve("b : " + written).GetBool("b"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("y")]
    [InlineData("enabled")]
    [InlineData("\"\"")]
    public void Other_strings_and_numbers_do_not_read_as_booleans(string written)
    {
        // Spec: "for interoperability and keeping it simple, it's recommended to stick to these six."
        var error = Assert.Throws<HoconException>(() => Resolve("b : " + written).GetBool("b"));

        Assert.Equal(new HoconPosition("string", 1, 5), error.Position);
        Assert.Contains("b must be a boolean", error.Reason);
    }

    [Theory]
    [InlineData("GetInt")]
    [InlineData("GetLong")]
    [InlineData("GetDouble")]
    [InlineData("GetBool")]
    [InlineData("GetString")]
    [InlineData("GetDuration")]
    [InlineData("GetBytes")]
    [InlineData("GetList")]
    [InlineData("GetStringList")]
    [InlineData("GetConfig")]
    public void Null_converts_to_nothing_and_the_error_names_the_path_and_position(string getter)
    {
        // Spec: "null to anything: If the application asks for a specific type and finds null instead, that should
        // usually result in an error."
        // Arrange
        var config = Resolve("""
            outer {
              inner : null
            }
            """);

        // Act
        var error = Assert.Throws<HoconException>(() => Get(config, getter, "outer.inner"));

        // Assert
        Assert.Equal(new HoconPosition("string", 2, 11), error.Position);
        Assert.Contains("outer.inner", error.Reason);
        Assert.Contains("null", error.Reason);
        Assert.False(config.HasPath("outer.inner"));
    }

    [Theory]
    [InlineData("GetInt")]
    [InlineData("GetLong")]
    [InlineData("GetDouble")]
    [InlineData("GetBool")]
    [InlineData("GetString")]
    [InlineData("GetDuration")]
    [InlineData("GetBytes")]
    [InlineData("GetStringList")]
    public void An_object_converts_to_nothing_else(string getter)
    {
        // Spec: "The following type conversions should NOT be performed:" / "object to anything"
        var config = Resolve("x : 1\nobj : { a : 1 }");

        var error = Assert.Throws<HoconException>(() => Get(config, getter, "obj"));

        Assert.Equal(new HoconPosition("string", 2, 7), error.Position);
        Assert.Contains("obj must be", error.Reason);
        Assert.Contains("an object", error.Reason);
    }

    [Theory]
    [InlineData("GetInt")]
    [InlineData("GetLong")]
    [InlineData("GetDouble")]
    [InlineData("GetBool")]
    [InlineData("GetString")]
    [InlineData("GetDuration")]
    [InlineData("GetBytes")]
    [InlineData("GetConfig")]
    public void An_array_converts_to_nothing_else(string getter)
    {
        // Spec: "array to anything"
        var config = Resolve("x : 1\narr : [ 1 ]");

        var error = Assert.Throws<HoconException>(() => Get(config, getter, "arr"));

        Assert.Equal(new HoconPosition("string", 2, 7), error.Position);
        Assert.Contains("arr must be", error.Reason);
        Assert.Contains("an array", error.Reason);
    }

    [Theory]
    [InlineData("v : 1", "GetConfig")]
    [InlineData("v : \"{ a : 1 }\"", "GetConfig")]
    [InlineData("v : \"[1, 2]\"", "GetList")]
    [InlineData("v : 7", "GetList")]
    [InlineData("v : true", "GetStringList")]
    public void Nothing_converts_to_an_object_or_to_an_array(string hocon, string getter)
    {
        // Spec: "anything to object" / "anything to array, with the exception of numerically-indexed object to
        // array"
        var config = Resolve(hocon);

        var error = Assert.Throws<HoconException>(() => Get(config, getter, "v"));

        Assert.Equal(new HoconPosition("string", 1, 5), error.Position);
        Assert.Contains("v must be", error.Reason);
    }

    [Theory]
    [InlineData("2147483647", 2147483647)]
    [InlineData("-2147483648", -2147483648)]
    [InlineData("\"2147483647\"", 2147483647)]
    [InlineData("1e3", 1000)]
    public void GetInt_reads_whole_numbers_in_range(string written, int expected)
    {
        // Spec: "If an application asks for a value with a particular type, the implementation should attempt to
        // convert types as follows:"
        Assert.Equal(expected, Resolve("n : " + written).GetInt("n"));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("\"9999999999\"")]
    [InlineData("1.5")]
    public void GetInt_rejects_numbers_that_are_not_ints(string written)
    {
        // Spec: "If an application asks for a value with a particular type, the implementation should attempt to
        // convert types as follows:" (a value that is no int cannot be converted to one)
        var config = Resolve("a : 0\nn : " + written);

        var error = Assert.Throws<HoconException>(() => config.GetInt("n"));

        Assert.Equal(new HoconPosition("string", 2, 5), error.Position);
        Assert.Contains("n must be a whole number", error.Reason);
    }

    [Fact]
    public void GetLong_accepts_what_GetInt_rejects_for_range()
    {
        // Spec: "If an application asks for a value with a particular type, the implementation should attempt to
        // convert types as follows:"
        var config = Resolve("n : 9223372036854775807\nm : -2147483649");

        Assert.Equal(long.MaxValue, config.GetLong("n"));
        Assert.Equal(-2147483649L, config.GetLong("m"));
    }

    [Fact]
    public void Errors_from_a_sub_configuration_name_the_full_path()
    {
        // Spec: "If the application asks for a specific type and finds null instead, that should usually result in
        // an error." (and so must a value of another type; a sub-configuration reports paths from the root)
        // Arrange
        var config = Resolve("""
            a {
              b {
                c : ten
                n : null
              }
            }
            """);
        var b = config.GetConfig("a").GetConfig("b");

        // Act
        var wrongType = Assert.Throws<HoconException>(() => b.GetInt("c"));
        var isNull = Assert.Throws<HoconException>(() => b.GetString("n"));
        var missing = Assert.Throws<HoconException>(() => b.GetValue("missing"));

        // Assert
        Assert.Equal(new HoconPosition("string", 3, 9), wrongType.Position);
        Assert.Contains("a.b.c must be a whole number", wrongType.Reason);
        Assert.Equal(new HoconPosition("string", 4, 9), isNull.Position);
        Assert.Contains("a.b.n", isNull.Reason);
        Assert.Contains("a.b.missing", missing.Reason);
    }
}
