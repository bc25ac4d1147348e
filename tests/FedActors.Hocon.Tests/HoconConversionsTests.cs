namespace FedActors.Hocon.Tests;

/// <summary>
/// <see cref="HoconConversions"/> on values that no getter path reaches: the fields of objects inside a list, as a
/// defense pipeline's stages are written.
/// </summary>
public sealed class HoconConversionsTests
{
    private static HoconValue Field(string written) =>
        ((HoconObject)HoconTestHelpers.Load($"stages = [{{ x = {written} }}]").GetList("stages")[0])["x"];

    [Fact]
    public void AsBoolean_FieldOfAListElement_ConvertsTheSpecFormsOnly()
    {
        // Config.GetBool's spec tests cover every form; these are the same conversions reached without a path.
        Assert.True(HoconConversions.AsBoolean(Field("on")));
        Assert.False(HoconConversions.AsBoolean(Field("\"no\"")));
        Assert.Null(HoconConversions.AsBoolean(Field("1")));
        Assert.Null(HoconConversions.AsBoolean(Field("{ a = 1 }")));
    }

    [Theory]
    [InlineData("250", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("\"1.5 m\"", 90_000)]
    public void TryAsDuration_NumberOfMillisecondsOrUnitString_Converts(string written, double milliseconds)
    {
        Assert.True(HoconConversions.TryAsDuration(Field(written), out var duration, out var error));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
        Assert.Null(error);
    }

    [Fact]
    public void TryAsDuration_UnknownUnit_SaysWhichUnitsExist()
    {
        Assert.False(HoconConversions.TryAsDuration(Field("30 fortnights"), out _, out var error));
        Assert.Contains("'fortnights' is not a duration unit", error);
        Assert.Contains(HoconUnits.DurationUnitNames, error);
    }

    [Fact]
    public void TryAsDuration_NeitherNumberNorString_FailsWithoutTextError()
    {
        Assert.False(HoconConversions.TryAsDuration(Field("[1, 2]"), out _, out var error));
        Assert.Null(error);
    }
}
