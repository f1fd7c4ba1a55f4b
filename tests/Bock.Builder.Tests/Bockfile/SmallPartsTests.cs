using Bock.Builder.Bockfile;

namespace Bock.Builder.Tests.Bockfile;

public sealed class SmallPartsTests
{
    [Theory]
    [InlineData("30s", 30_000.0)]
    [InlineData("1m30s", 90_000.0)]
    [InlineData("500ms", 500.0)]
    [InlineData("1.5h", 5_400_000.0)]
    [InlineData("2h0m1s", 7_201_000.0)]
    public void Durations_read_go_style(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Duration.TryParse(text));

    [Theory]
    [InlineData("30")]
    [InlineData("")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("5s ")]
    public void Durations_need_a_number_and_a_unit(string text) => Assert.Null(Duration.TryParse(text));

    [Theory]
    [InlineData("entrypiont", "entrypoint")]
    [InlineData("chmode", "chmod")]
    [InlineData("stpes", "steps")]
    [InlineData("labes", "labels")]
    [InlineData("xyz", null)]
    [InlineData("environment", null)]
    public void Near_misses_are_suggested_and_other_words_are_not(string written, string? expected) =>
        Assert.Equal(expected, NearestName.Find(written, ["entrypoint", "chmod", "steps", "labels", "env"]));

    [Fact]
    public void A_transposition_is_one_edit() => Assert.Equal(1, NearestName.Distance("form", "from"));
}
