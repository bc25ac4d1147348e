namespace FedActors.Hocon.Tests.Spec;

/// <summary>HOCON.md, sections "Units format", "Duration format" and "Size in bytes format".</summary>
public sealed class UnitsFormatTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static Config Resolve(string hocon) => ConfigurationFactory.ParseString(hocon).Resolve(NoEnvironment);

    private static TimeSpan Duration(string quoted) => Resolve("d : \"" + quoted + "\"").GetDuration("d");

    private static long Bytes(string quoted) => Resolve("b : \"" + quoted + "\"").GetBytes("b");

    public static TheoryData<string, long> DurationUnits()
    {
        var data = new TheoryData<string, long>();
        void Add(string number, long ticks, params string[] units)
        {
            foreach (var unit in units)
            {
                data.Add(number + unit, ticks);
                data.Add(number + " " + unit, ticks);
            }
        }

        // Every unit string the spec lists; ticks are 100 ns.
        Add("1500", 15, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add("3", 30, "us", "micro", "micros", "microsecond", "microseconds");
        Add("2", 20_000, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add("5", 50_000_000, "s", "second", "seconds");
        Add("2", 1_200_000_000, "m", "minute", "minutes");
        Add("3", 108_000_000_000, "h", "hour", "hours");
        Add("2", 1_728_000_000_000, "d", "day", "days");
        return data;
    }

    [Theory]
    [MemberData(nameof(DurationUnits))]
    public void Every_duration_unit_string_of_the_spec_is_supported(string text, long ticks)
    {
        // Spec: "The supported unit strings for duration are case sensitive and must be lowercase. Exactly these
        // strings are supported:"
        Assert.Equal(TimeSpan.FromTicks(ticks), Duration(text));
    }

    [Theory]
    [InlineData("1ns", 0.01)]
    [InlineData("250ns", 2.5)]
    [InlineData("1234567 nanos", 12345.67)]
    [InlineData("0.5us", 5)]
    [InlineData("1.25 micros", 12.5)]
    [InlineData("1.5h", 54_000_000_000)]
    [InlineData("0.001 s", 10_000)]
    public void Fractions_and_sub_tick_units_are_exact_to_within_one_tick(string text, double exactTicks)
    {
        // Spec: "if the value is a string, it is taken to be this sequence:" (a number, which may have a fraction,
        // and a unit; TimeSpan cannot hold less than one 100 ns tick)
        var ticks = Duration(text).Ticks;

        Assert.InRange((double)ticks, Math.Floor(exactTicks), Math.Ceiling(exactTicks));
    }

    [Theory]
    [InlineData("d : 250", 250.0)]
    [InlineData("d : 1.5", 1.5)]
    [InlineData("d : 0", 0.0)]
    [InlineData("d : \"250\"", 250.0)]
    [InlineData("d : \" 40 \"", 40.0)]
    public void A_number_or_a_string_without_a_unit_is_milliseconds(string hocon, double milliseconds)
    {
        // Spec: "bare numbers are taken to be in milliseconds already, while strings are parsed as a number plus an
        // optional unit string."
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Resolve(hocon).GetDuration("d"));
    }

    [Theory]
    [InlineData("d : \"  10  s  \"")]
    [InlineData("d : \"\\t10\\ts\\t\"")]
    [InlineData("d : 10 s")]
    [InlineData("d : 10s")]
    [InlineData("d : \"10seconds\"")]
    public void Whitespace_is_optional_around_the_number_and_the_unit(string hocon)
    {
        // Spec: "optional whitespace" / "a number" / "optional whitespace" / "an optional unit name consisting only
        // of letters" / "optional whitespace"
        Assert.Equal(TimeSpan.FromSeconds(10), Resolve(hocon).GetDuration("d"));
    }

    [Theory]
    [InlineData("10S", "'S'")]
    [InlineData("10 MS", "'MS'")]
    [InlineData("1Ms", "'Ms'")]
    [InlineData("2 Seconds", "'Seconds'")]
    [InlineData("1H", "'H'")]
    [InlineData("1D", "'D'")]
    [InlineData("1NS", "'NS'")]
    [InlineData("1 sec", "'sec'")]
    [InlineData("5 mins", "'mins'")]
    public void Duration_units_outside_the_exact_lowercase_list_are_errors(string text, string unit)
    {
        // Spec: "The supported unit strings for duration are case sensitive and must be lowercase."
        var config = Resolve("a : 0\nd : \"" + text + "\"");

        var error = Assert.Throws<HoconException>(() => config.GetDuration("d"));

        Assert.Equal(new HoconPosition("string", 2, 5), error.Position);
        Assert.Contains("d: ", error.Reason);
        Assert.Contains(unit + " is not a duration unit", error.Reason);
    }

    [Theory]
    [InlineData("ten seconds")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("1 2 s")]
    public void A_duration_without_a_number_is_an_error(string text)
    {
        // Spec: "if the value is a string, it is taken to be this sequence:" (which must contain "a number")
        var config = Resolve("d : \"" + text + "\"");

        var error = Assert.Throws<HoconException>(() => config.GetDuration("d"));

        Assert.Equal(new HoconPosition("string", 1, 5), error.Position);
        Assert.Contains("is not a number followed by an optional unit", error.Reason);
    }

    public static TheoryData<string, long> ByteUnits()
    {
        var data = new TheoryData<string, long>();
        void Add(long bytes, params string[] units)
        {
            foreach (var unit in units)
            {
                data.Add("1" + unit, bytes);
                data.Add("3 " + unit, 3 * bytes);
            }
        }

        // Every unit string the spec lists whose value fits in 64 bits.
        Add(1, "B", "b", "byte", "bytes");
        Add(1_000, "kB", "kilobyte", "kilobytes");
        Add(1_000_000, "MB", "megabyte", "megabytes");
        Add(1_000_000_000, "GB", "gigabyte", "gigabytes");
        Add(1_000_000_000_000, "TB", "terabyte", "terabytes");
        Add(1_000_000_000_000_000, "PB", "petabyte", "petabytes");
        Add(1_000_000_000_000_000_000, "EB", "exabyte", "exabytes");
        Add(1L << 10, "K", "k", "Ki", "KiB", "kibibyte", "kibibytes");
        Add(1L << 20, "M", "m", "Mi", "MiB", "mebibyte", "mebibytes");
        Add(1L << 30, "G", "g", "Gi", "GiB", "gibibyte", "gibibytes");
        Add(1L << 40, "T", "t", "Ti", "TiB", "tebibyte", "tebibytes");
        Add(1L << 50, "P", "p", "Pi", "PiB", "pebibyte", "pebibytes");
        Add(1L << 60, "E", "e", "Ei", "EiB", "exbibyte", "exbibytes");
        return data;
    }

    [Theory]
    [MemberData(nameof(ByteUnits))]
    public void Every_size_unit_string_of_the_spec_is_supported(string text, long bytes)
    {
        // Spec: "For single bytes, exactly these strings are supported:" / "For powers of ten, exactly these strings
        // are supported:" / "For powers of two, exactly these strings are supported:"
        Assert.Equal(bytes, Bytes(text));
    }

    [Theory]
    [InlineData("1kB", 1000)]
    [InlineData("1K", 1024)]
    [InlineData("1k", 1024)]
    [InlineData("1KiB", 1024)]
    [InlineData("1MB", 1_000_000)]
    [InlineData("1M", 1_048_576)]
    [InlineData("1m", 1_048_576)]
    [InlineData("1GB", 1_000_000_000)]
    [InlineData("1G", 1_073_741_824)]
    public void Symbols_with_B_are_powers_of_ten_and_single_letters_are_powers_of_two(string text, long bytes)
    {
        // Spec: "some precedents such as `java -Xmx 2G` and the GNU tools such as `ls` map these to powers of two,
        // so this spec copies that."
        Assert.Equal(bytes, Bytes(text));
    }

    [Theory]
    [InlineData("b : 1024", 1024)]
    [InlineData("b : 0", 0)]
    [InlineData("b : \"1024\"", 1024)]
    [InlineData("b : \" 7 \"", 7)]
    [InlineData("b : 9223372036854775807", long.MaxValue)]
    [InlineData("b : 10MB", 10_000_000)]
    [InlineData("b : 512 K", 524_288)]
    [InlineData("b : \"1.5K\"", 1536)]
    [InlineData("b : \"0.5 kB\"", 500)]
    public void A_number_or_a_string_without_a_unit_is_bytes(string hocon, long bytes)
    {
        // Spec: "bare numbers are taken to be in bytes already, while strings are parsed as a number plus an
        // optional unit string."
        Assert.Equal(bytes, Resolve(hocon).GetBytes("b"));
    }

    [Theory]
    [InlineData("1KB")]
    [InlineData("1kb")]
    [InlineData("1Kb")]
    [InlineData("1mb")]
    [InlineData("1KIB")]
    [InlineData("1kib")]
    [InlineData("1Kilobytes")]
    [InlineData("1Bytes")]
    [InlineData("1 octets")]
    public void Size_units_outside_the_exact_list_are_errors(string text)
    {
        // Spec: "The one-letter unit strings may be uppercase (note: duration units are always lowercase, so this
        // convention is specific to size units)." (only the listed strings are supported)
        var config = Resolve("a : 0\nb : \"" + text + "\"");

        var error = Assert.Throws<HoconException>(() => config.GetBytes("b"));

        Assert.Equal(new HoconPosition("string", 2, 5), error.Position);
        Assert.Contains("is not a size unit", error.Reason);
    }

    [Theory]
    [InlineData("b : \"1 ZB\"")]
    [InlineData("b : \"1Z\"")]
    [InlineData("b : \"1 zebibyte\"")]
    [InlineData("b : \"1 zettabytes\"")]
    [InlineData("b : \"1Yi\"")]
    [InlineData("b : \"1 yottabytes\"")]
    [InlineData("b : \"1YiB\"")]
    [InlineData("b : \"8EiB\"")]
    [InlineData("b : \"10000 PB\"")]
    [InlineData("b : 9223372036854775808")]
    public void Sizes_that_overflow_64_bits_are_errors(string hocon)
    {
        // Spec: "Note: any value in zetta/zebi or yotta/yobi will overflow a 64-bit integer, and of course
        // large-enough values in any of the units may overflow."
        var config = Resolve("a : 0\n" + hocon);

        var error = Assert.Throws<HoconException>(() => config.GetBytes("b"));

        Assert.Equal(new HoconPosition("string", 2, 5), error.Position);
        Assert.Contains("64-bit", error.Reason);
    }
}
