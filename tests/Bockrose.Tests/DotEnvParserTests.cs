using Bockrose.Compose;
using Bockrose.Compose.Variables;

namespace Bockrose.Tests;

public class DotEnvParserTests
{
    private static Dictionary<string, string> Parse(string text, Dictionary<string, string>? env = null) =>
        DotEnvParser.Parse(text, ".env", n => env?.GetValueOrDefault(n)).ToDictionary(kv => kv.Key, kv => kv.Value);

    [Fact]
    public void Comments_blank_lines_and_export()
    {
        var vars = Parse("# comment\n\n  export A=1\nB=2 # trailing\n  # indented comment\nC=x#y\n");
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2", ["C"] = "x#y" }, vars);
    }

    [Fact]
    public void Quotes()
    {
        var vars = Parse("S='raw $A \\n # kept'\nD=\"a\\nb\\t\\\"q\\\" # kept\"\nE=\"\"\nF=''\n");
        Assert.Equal("raw $A \\n # kept", vars["S"]);
        Assert.Equal("a\nb\t\"q\" # kept", vars["D"]);
        Assert.Equal("", vars["E"]);
        Assert.Equal("", vars["F"]);
    }

    [Fact]
    public void Multi_line_double_and_single_quoted_values_and_the_lines_after_them()
    {
        var vars = Parse("M=\"one\ntwo\nthree\"\nN='x\ny'\nAFTER=ok\n");
        Assert.Equal("one\ntwo\nthree", vars["M"]);
        Assert.Equal("x\ny", vars["N"]);
        Assert.Equal("ok", vars["AFTER"]);
    }

    [Fact]
    public void Interpolation_in_unquoted_and_double_quoted_values_but_not_single()
    {
        var vars = Parse("BASE=/srv\nU=${BASE}/u\nD=\"${BASE}/d\"\nS='${BASE}/s'\nESC=\"\\$BASE\"\nDEF=${NOPE:-dflt}\n");
        Assert.Equal("/srv/u", vars["U"]);
        Assert.Equal("/srv/d", vars["D"]);
        Assert.Equal("${BASE}/s", vars["S"]);
        Assert.Equal("$BASE", vars["ESC"]);
        Assert.Equal("dflt", vars["DEF"]);
    }

    [Fact]
    public void The_environment_wins_when_a_value_refers_to_a_variable()
    {
        var vars = Parse("BASE=file\nREF=${BASE}\n", new() { ["BASE"] = "shell" });
        Assert.Equal("shell", vars["REF"]);
    }

    [Fact]
    public void A_bare_name_takes_the_environment_value_or_is_skipped()
    {
        var vars = Parse("PRESENT\nABSENT\n", new() { ["PRESENT"] = "yes" });
        Assert.Equal(new Dictionary<string, string> { ["PRESENT"] = "yes" }, vars);
    }

    [Fact]
    public void Colon_separator_whitespace_and_later_definitions_win()
    {
        Assert.Equal("spaced out", Parse("A: spaced out  \n")["A"]);
        var vars = Parse("A2 =  b\nA=first\nA=second\n");
        Assert.Equal("second", vars["A"]);
        Assert.Equal("b", vars["A2"]);
    }

    [Fact]
    public void Errors_name_the_line()
    {
        var e = Assert.Throws<ComposeException>(() => Parse("OK=1\n\nBAD KEY=2\n"));
        Assert.Equal(".env:3:1: invalid variable name \"BAD KEY\" in env file", e.Message);
        e = Assert.Throws<ComposeException>(() => Parse("A=1\nB=\"never closed\nC=3\n"));
        Assert.Equal(".env:2:1: unterminated quoted value for B in env file", e.Message);
        e = Assert.Throws<ComposeException>(() => Parse("A=1\nB=${NEED:?please}\n"));
        Assert.Equal(".env:2:1: required variable NEED is missing a value: please", e.Message);
    }
}
