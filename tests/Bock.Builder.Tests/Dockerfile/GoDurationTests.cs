using Bock.Builder.Dockerfile;

namespace Bock.Builder.Tests.Dockerfile;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("1000us", 1)]
    public void Parses(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("")]
    [InlineData("1d")]
    [InlineData("s")]
    [InlineData("-1s")]
    public void Refuses(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
