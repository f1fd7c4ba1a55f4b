using Bockrose.Compose.Variables;

namespace Bockrose.Tests;

public class InterpolatorTests
{
    private static readonly Dictionary<string, string> Vars = new() { ["SET"] = "value", ["EMPTY"] = "", ["B"] = "bee" };

    private static string Run(string text, List<string>? unset = null) =>
        Interpolator.Interpolate(text, n => Vars.GetValueOrDefault(n), n => unset?.Add(n));

    [Theory]
    [InlineData("$SET", "value")]
    [InlineData("${SET}", "value")]
    [InlineData("a${SET}b", "avalueb")]
    [InlineData("$SET.txt", "value.txt")]
    [InlineData("${SET:-d}", "value")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${UNSET-d}", "d")]
    [InlineData("${UNSET:-d}", "d")]
    [InlineData("${SET:+r}", "r")]
    [InlineData("${EMPTY:+r}", "")]
    [InlineData("${EMPTY+r}", "r")]
    [InlineData("${UNSET+r}", "")]
    [InlineData("${SET:?e}", "value")]
    [InlineData("${EMPTY?e}", "")]
    [InlineData("$$SET", "$SET")]
    [InlineData("$${SET}", "${SET}")]
    [InlineData("$$$SET", "$value")]
    [InlineData("5$ and $5 and $-", "5$ and $5 and $-")]
    [InlineData("${UNSET:-${B}}", "bee")]
    [InlineData("${UNSET:-${ALSO_UNSET:-deep}}", "deep")]
    [InlineData("${UNSET:-a:b}", "a:b")]
    [InlineData("no dollars", "no dollars")]
    [InlineData("trailing $", "trailing $")]
    public void Forms(string text, string expected) => Assert.Equal(expected, Run(text));

    [Fact]
    public void An_unset_variable_without_default_is_blank_and_reported()
    {
        var unset = new List<string>();
        Assert.Equal("a--b", Run("a-$UNSET-${ALSO}b", unset));
        Assert.Equal(["UNSET", "ALSO"], unset);
    }

    [Fact]
    public void A_default_does_not_report_the_variable()
    {
        var unset = new List<string>();
        Run("${UNSET:-x}${UNSET-y}", unset);
        Assert.Empty(unset);
    }

    [Theory]
    [InlineData("${UNSET:?it is needed}", "required variable UNSET is missing a value: it is needed")]
    [InlineData("${EMPTY:?}", "required variable EMPTY is missing a value")]
    [InlineData("${UNSET?}", "required variable UNSET is missing a value")]
    [InlineData("${UNSET?set ${B}}", "required variable UNSET is missing a value: set bee")]
    public void Required_variables(string text, string message) =>
        Assert.Equal(message, Assert.Throws<InterpolationException>(() => Run(text)).Message);

    [Theory]
    [InlineData("${SET")]
    [InlineData("${}")]
    [InlineData("${1ABC}")]
    [InlineData("${SET:x}")]
    [InlineData("${SET:}")]
    public void Malformed(string text) =>
        Assert.StartsWith("invalid interpolation format", Assert.Throws<InterpolationException>(() => Run(text)).Message);
}
