using Bock.Oci.Runtime;

namespace Bock.Oci.Tests.Unit;

public sealed class SignalsTests
{
    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("SIGTERM", 15)]
    [InlineData("sigkill", 9)]
    [InlineData("9", 9)]
    [InlineData("USR1", 10)]
    [InlineData("RTMIN", 34)]
    [InlineData("RTMIN+3", 37)]
    [InlineData("RTMAX-1", 63)]
    [InlineData("WINCH", 28)]
    public void Names_and_numbers_parse(string text, int expected) => Assert.Equal(expected, Signals.Parse(text));

    [Theory]
    [InlineData("SIGBOGUS", "unknown signal \"SIGBOGUS\"")]
    [InlineData("0", "invalid signal number 0: it must be between 1 and 64")]
    [InlineData("65", "invalid signal number 65: it must be between 1 and 64")]
    public void Bad_signals_are_one_clear_line(string text, string message) =>
        Assert.Equal(message, Assert.Throws<OciException>(() => Signals.Parse(text)).Message);
}
