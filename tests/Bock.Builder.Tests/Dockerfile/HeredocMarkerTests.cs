using Bock.Builder.Dockerfile;

namespace Bock.Builder.Tests.Dockerfile;

public sealed class HeredocMarkerTests
{
    [Theory]
    [InlineData("<<EOF", "EOF", true, false)]
    [InlineData("<<-EOF", "EOF", true, true)]
    [InlineData("<<\"EOF\"", "EOF", false, false)]
    [InlineData("<<-'END'", "END", false, true)]
    [InlineData("<<E\"O\"F", "EOF", false, false)]
    [InlineData("2<<ERR", "ERR", true, false)]
    [InlineData("<< EOF", "EOF", true, false)]
    [InlineData("<<-  EOF", "EOF", true, true)]
    [InlineData("<< -EOF", "-EOF", true, false)]
    [InlineData(@"<<eo\'f", "eo'f", true, false)]
    [InlineData(@"<<'e'o\'f", "eo'f", false, false)]
    [InlineData("<<'one two'", "one two", false, false)]
    [InlineData("<<$EOF", "$EOF", true, false)]
    public void Markers(string word, string name, bool expand, bool chomp) => Assert.Equal(new HeredocMarker(name, expand, chomp), HeredocMarker.Parse(word));

    [Theory]
    [InlineData("<<")]
    [InlineData("<<-")]
    [InlineData("x<<EOF")]
    [InlineData("\"<<EOF\"")]
    [InlineData("<<<EOF")]
    [InlineData("<<EOF sh")]
    public void Not_markers(string word) => Assert.Null(HeredocMarker.Parse(word));

    [Theory]
    [InlineData("<<'EOF")]
    [InlineData("<<\"EOF")]
    [InlineData("<<EOF'")]
    public void An_unclosed_quote_is_an_error(string word) => Assert.Throws<FormatException>(() => HeredocMarker.Parse(word));

    [Fact]
    public void Chomp_strips_only_leading_tabs_of_every_line() =>
        Assert.Equal("a\n  b\nc\t\n", new HeredocMarker("EOF", true, true).Body("\t\ta\n  b\n\tc\t\n"));
}
